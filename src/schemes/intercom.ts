import { ComposedScheme } from './composed.js';
import { tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/** Intercom: `X-Hub-Signature: sha1=<hex>` over the raw body (GitHub's legacy form). */
export const intercom: SchemeDefinition = {
  id: 'intercom',
  title: 'Intercom: X-Hub-Signature: sha1=<hex of HMAC-SHA1 of the body>',
  build: (o) =>
    new ComposedScheme({
      id: 'intercom',
      title: 'Intercom webhooks',
      signatureHeader: o.signatureHeader ?? 'X-Hub-Signature',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, 'sha1='),
      digest: 'sha1',
      encoding: 'hex',
      message: (request) => request.body,
      covers: ['body'],
    }),
};
