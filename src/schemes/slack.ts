import { ComposedScheme } from './composed.js';
import { join, tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/** Slack: `X-Slack-Signature: v0=<hex>` over `v0:<ts>:<body>`, 300 s window. */
export const slack: SchemeDefinition = {
  id: 'slack',
  title: 'Slack: X-Slack-Signature: v0=<hex of HMAC-SHA256 of "v0:<ts>:<body>">',
  build: (o) =>
    new ComposedScheme({
      id: 'slack',
      title: 'Slack request signing',
      signatureHeader: o.signatureHeader ?? 'X-Slack-Signature',
      timestampHeader: o.timestampHeader ?? 'X-Slack-Request-Timestamp',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, 'v0='),
      digest: 'sha256',
      encoding: 'hex',
      message: (request, f) => join(`v0:${f.timestamp}:`, request.body),
      covers: ['body', 'timestamp'],
      windowSeconds: 300,
    }),
};
