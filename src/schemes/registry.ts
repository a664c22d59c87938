import { BodyHeaderScheme } from './body-header.js';
import type { SchemeOverrides, SignatureScheme } from './types.js';

type SchemeFactory = (overrides: SchemeOverrides) => SignatureScheme;

/**
 * Every scheme sigprobe speaks, by command-line id. Each entry builds a scheme with
 * the user's overrides, because providers and in-house copies rename headers.
 */
const FACTORIES: Record<string, { title: string; build: SchemeFactory }> = {
  plain: {
    title: 'Plain header: HMAC-SHA256 of the raw body, hex, with an algorithm tag',
    build: (o) =>
      new BodyHeaderScheme({
        id: 'plain',
        title: 'Plain header HMAC-SHA256',
        signatureHeader: o.signatureHeader ?? 'X-Webhook-Signature',
        prefix: o.tag === undefined ? 'HMAC_SHA256=' : o.tag === '' ? '' : `${o.tag}=`,
        digest: 'sha256',
        encoding: 'hex',
      }),
  },
  github: {
    title: "GitHub: X-Hub-Signature-256: sha256=<hex of HMAC-SHA256 of the body>",
    build: (o) =>
      new BodyHeaderScheme({
        id: 'github',
        title: 'GitHub webhooks (SHA-256)',
        signatureHeader: o.signatureHeader ?? 'X-Hub-Signature-256',
        prefix: o.tag === undefined ? 'sha256=' : o.tag === '' ? '' : `${o.tag}=`,
        digest: 'sha256',
        encoding: 'hex',
        relatedHeaders: ['X-Hub-Signature'],
      }),
  },
};

export function schemeIds(): string[] {
  return Object.keys(FACTORIES).sort();
}

export function schemeTitle(id: string): string | undefined {
  return FACTORIES[id]?.title;
}

export function createScheme(id: string, overrides: SchemeOverrides = {}): SignatureScheme {
  const factory = FACTORIES[id];
  if (!factory) throw new Error(`unknown scheme "${id}"`);
  return factory.build(overrides);
}
