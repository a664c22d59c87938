import { ComposedScheme } from './composed.js';
import { tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/** Shopify: `X-Shopify-Hmac-Sha256: <base64>` over the raw body, no timestamp. */
export const shopify: SchemeDefinition = {
  id: 'shopify',
  title: 'Shopify: X-Shopify-Hmac-Sha256: <base64 of HMAC-SHA256 of the body>',
  build: (o) =>
    new ComposedScheme({
      id: 'shopify',
      title: 'Shopify webhooks',
      signatureHeader: o.signatureHeader ?? 'X-Shopify-Hmac-Sha256',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, ''),
      digest: 'sha256',
      encoding: 'base64',
      message: (request) => request.body,
      covers: ['body'],
    }),
};
