import { ComposedScheme } from './composed.js';
import { tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex>` over the raw body. GitHub also sends the
 * legacy `X-Hub-Signature: sha1=…`; a receiver should ignore it. The delivery id
 * (`X-GitHub-Delivery`) is not signed, so there is no replay protection in the scheme.
 */
export const github: SchemeDefinition = {
  id: 'github',
  title: 'GitHub: X-Hub-Signature-256: sha256=<hex of HMAC-SHA256 of the body>',
  build: (o) =>
    new ComposedScheme({
      id: 'github',
      title: 'GitHub webhooks (SHA-256)',
      signatureHeader: o.signatureHeader ?? 'X-Hub-Signature-256',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, 'sha256='),
      digest: 'sha256',
      encoding: 'hex',
      message: (request) => request.body,
      covers: ['body'],
      legacy: { header: 'X-Hub-Signature', prefix: 'sha1=', digest: 'sha1' },
    }),
};

/** GitHub's legacy form alone, as older receivers and GitHub Enterprise copies use it. */
export const githubSha1: SchemeDefinition = {
  id: 'github-sha1',
  title: 'GitHub legacy: X-Hub-Signature: sha1=<hex of HMAC-SHA1 of the body>',
  build: (o) =>
    new ComposedScheme({
      id: 'github-sha1',
      title: 'GitHub webhooks (legacy SHA-1)',
      signatureHeader: o.signatureHeader ?? 'X-Hub-Signature',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, 'sha1='),
      digest: 'sha1',
      encoding: 'hex',
      message: (request) => request.body,
      covers: ['body'],
    }),
};
