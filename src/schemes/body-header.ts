import { randomBytes } from 'node:crypto';
import { ComposedScheme } from './composed.js';
import type { Digest, Encoding } from './types.js';

export interface BodyHeaderConfig {
  id: string;
  title: string;
  signatureHeader: string;
  /** Text before the digest, such as `sha256=`; empty for a bare digest. */
  prefix: string;
  digest: Digest;
  encoding: Encoding;
  /** Other headers this scheme sends (a legacy digest, say) that also identify it. */
  relatedHeaders?: string[];
}

/**
 * The family of schemes that put one digest of the raw body in one header, with an
 * optional algorithm tag. Kept as a named shape for code that builds one directly.
 */
export class BodyHeaderScheme extends ComposedScheme {
  constructor(config: BodyHeaderConfig) {
    super({
      ...config,
      layout: 'prefixed',
      message: (request) => request.body,
      covers: ['body'],
    });
  }
}

/**
 * A random secret: signing with it yields a well-formed signature that must fail. It
 * is written as hex text because some schemes (Adyen) take only a hex key.
 */
export function forgerySecret(): Buffer {
  return Buffer.from(randomBytes(32).toString('hex'));
}
