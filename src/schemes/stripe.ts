import { ComposedScheme } from './composed.js';
import { join } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/**
 * Stripe: `Stripe-Signature: t=<ts>,v1=<hex>[,v1=…]` over `<ts>.<body>`. Several v1
 * entries appear while a secret rotates; the SDKs accept any and allow 300 s.
 */
export const stripe: SchemeDefinition = {
  id: 'stripe',
  title: 'Stripe: Stripe-Signature: t=<ts>,v1=<hex of HMAC-SHA256 of "<ts>.<body>">',
  build: (o) =>
    new ComposedScheme({
      id: 'stripe',
      title: 'Stripe webhooks',
      signatureHeader: o.signatureHeader ?? 'Stripe-Signature',
      layout: 'stripe',
      prefix: o.tag ?? 'v1',
      digest: 'sha256',
      encoding: 'hex',
      message: (request, f) => join(`${f.timestamp}.`, request.body),
      covers: ['body', 'timestamp'],
      windowSeconds: 300,
    }),
};
