import { ComposedScheme } from './composed.js';
import type { SchemeDefinition } from './definition.js';

/** PagerDuty v3: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]` over the body. */
export const pagerduty: SchemeDefinition = {
  id: 'pagerduty',
  title: 'PagerDuty v3: X-PagerDuty-Signature: v1=<hex>, a comma-separated list',
  build: (o) =>
    new ComposedScheme({
      id: 'pagerduty',
      title: 'PagerDuty v3 webhooks',
      signatureHeader: o.signatureHeader ?? 'X-PagerDuty-Signature',
      layout: 'comma-list',
      prefix: o.tag ?? 'v1',
      digest: 'sha256',
      encoding: 'hex',
      message: (request) => request.body,
      covers: ['body'],
    }),
};
