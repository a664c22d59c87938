import { createHmac } from 'node:crypto';
import type { Digest, Encoding } from './types.js';

export function hmac(digest: Digest, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(digest, key).update(data).digest();
}

/**
 * The bytes a scheme signs, either whole or as parts fed to the HMAC one after another
 * (no copy of a large body just to put a short prefix in front of it).
 */
export type Message = Buffer | ReadonlyArray<string | Buffer>;

export function hmacMessage(digest: Digest | 'md5', key: Buffer, message: Message): Buffer {
  const mac = createHmac(digest, key);
  if (Buffer.isBuffer(message)) mac.update(message);
  else for (const part of message) mac.update(part);
  return mac.digest();
}

/**
 * The encoded HMAC of a message: what a signature header carries. `digest(encoding)`
 * encodes inside node:crypto and skips the intermediate Buffer that `digest()` makes,
 * which is a measurable share of signing a short message.
 */
export function hmacText(
  digest: Digest | 'md5',
  key: Buffer,
  message: Message,
  encoding: Encoding,
): string {
  const mac = createHmac(digest, key);
  if (Buffer.isBuffer(message)) mac.update(message);
  else for (const part of message) mac.update(part);
  return mac.digest(encoding);
}

export function messageBytes(message: Message): Buffer {
  if (Buffer.isBuffer(message)) return message;
  return Buffer.concat(
    message.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)),
  );
}

export function encode(bytes: Buffer, encoding: Encoding): string {
  return bytes.toString(encoding);
}

export function digestLength(digest: Digest): number {
  return { sha1: 20, sha256: 32, sha512: 64 }[digest];
}
