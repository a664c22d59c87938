import { ComposedScheme } from './composed.js';
import { join, tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/** Zoom: `x-zm-signature: v0=<hex>` over `v0:<ts>:<body>` (Slack's construction). */
export const zoom: SchemeDefinition = {
  id: 'zoom',
  title: 'Zoom: x-zm-signature: v0=<hex of HMAC-SHA256 of "v0:<ts>:<body>">',
  build: (o) =>
    new ComposedScheme({
      id: 'zoom',
      title: 'Zoom webhooks',
      signatureHeader: o.signatureHeader ?? 'x-zm-signature',
      timestampHeader: o.timestampHeader ?? 'x-zm-request-timestamp',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, 'v0='),
      digest: 'sha256',
      encoding: 'hex',
      message: (request, f) => join(`v0:${f.timestamp}:`, request.body),
      covers: ['body', 'timestamp'],
    }),
};
