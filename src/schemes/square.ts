import { ComposedScheme } from './composed.js';
import { join, tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/**
 * Square: `x-square-hmacsha256-signature: <base64>` over the notification URL then the
 * body, with no separator. The legacy `x-square-signature` carried HMAC-SHA1.
 */
export const square: SchemeDefinition = {
  id: 'square',
  title: 'Square: x-square-hmacsha256-signature: <base64 of HMAC-SHA256 of URL + body>',
  build: (o) =>
    new ComposedScheme({
      id: 'square',
      title: 'Square webhooks',
      signatureHeader: o.signatureHeader ?? 'x-square-hmacsha256-signature',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, ''),
      digest: 'sha256',
      encoding: 'base64',
      message: (request) => join(request.url, request.body),
      covers: ['body', 'host', 'path', 'query'],
      relatedHeaders: ['x-square-signature'],
    }),
};
