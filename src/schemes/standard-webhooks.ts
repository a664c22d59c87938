import { ComposedScheme } from './composed.js';
import { join } from './parts.js';
import { decodeWhsec } from './secret-forms.js';
import type { SchemeDefinition } from './definition.js';

/**
 * Standard Webhooks (and Svix, which sends the same under `svix-*` names):
 * `webhook-signature: v1,<base64>` (a space-separated list) over `<id>.<ts>.<body>`,
 * keyed with the base64-decoded `whsec_` secret; the libraries allow 300 s.
 */
const decoded = new WeakMap<Buffer, Buffer>();

export const standardWebhooks: SchemeDefinition = {
  id: 'standard-webhooks',
  title:
    'Standard Webhooks / Svix: webhook-signature: v1,<base64 of HMAC-SHA256 of "<id>.<ts>.<body>">',
  build: (o) =>
    new ComposedScheme({
      id: 'standard-webhooks',
      title: 'Standard Webhooks',
      signatureHeader: o.signatureHeader ?? 'webhook-signature',
      timestampHeader: o.timestampHeader ?? 'webhook-timestamp',
      idHeader: o.idHeader ?? 'webhook-id',
      layout: 'space-list',
      prefix: o.tag ?? 'v1',
      digest: 'sha256',
      encoding: 'base64',
      message: (request, f) => join(`${f.id}.${f.timestamp}.`, request.body),
      covers: ['body', 'timestamp', 'id'],
      windowSeconds: 300,
      keyFor: (secret) => {
        // Decoded once per secret object: a scan signs many requests with one secret.
        let key = decoded.get(secret);
        if (!key) decoded.set(secret, (key = decodeWhsec(secret)));
        return key.length > 0 ? key : undefined;
      },
    }),
};
