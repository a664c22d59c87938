/**
 * Standard Webhooks (and Svix) hand out secrets as `whsec_` + base64; the HMAC key is
 * the decoded bytes. Their libraries also accept the base64 part without the prefix.
 */
export function decodeWhsec(secret: Buffer): Buffer {
  const text = secret.toString('utf8').trim();
  const base64 = text.startsWith('whsec_') ? text.slice('whsec_'.length) : text;
  return Buffer.from(base64, 'base64');
}

/** Whether the secret is written in the `whsec_` form. */
export function isWhsec(secret: Buffer): boolean {
  return secret.toString('utf8').trim().startsWith('whsec_');
}
