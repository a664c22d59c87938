import { createHmac } from 'node:crypto';
import type { Digest, Encoding } from './types.js';

export function hmac(digest: Digest, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(digest, key).update(data).digest();
}

export function encode(bytes: Buffer, encoding: Encoding): string {
  return bytes.toString(encoding);
}

export function digestLength(digest: Digest): number {
  return { sha1: 20, sha256: 32, sha512: 64 }[digest];
}
