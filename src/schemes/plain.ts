import { ComposedScheme } from './composed.js';
import { tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/** The seed's own form: `X-Webhook-Signature: HMAC_SHA256=<hex>` over the raw body. */
export const plain: SchemeDefinition = {
  id: 'plain',
  title: 'Plain header: HMAC-SHA256 of the raw body, hex, with an algorithm tag',
  build: (o) =>
    new ComposedScheme({
      id: 'plain',
      title: 'Plain header HMAC-SHA256',
      signatureHeader: o.signatureHeader ?? 'X-Webhook-Signature',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, 'HMAC_SHA256='),
      digest: 'sha256',
      encoding: 'hex',
      message: (request) => request.body,
      covers: ['body'],
    }),
};
