import type { Remediation } from './index.js';

/** Fixes for the faults only a validly signed request can show (L1/L2 checks). */
export const SIGNED_REQUEST_REMEDIATIONS: Record<string, Remediation> = {
  'reject-replays': {
    summary:
      'Record each delivery id (or the signature) after a successful verification and reject ' +
      'a second request with the same one for as long as its timestamp is acceptable; sign ' +
      'a timestamp and bound it so the record can expire.',
  },
  'bound-timestamps': {
    summary:
      'Sign the timestamp together with the body (as `<ts>.<body>` or the scheme requires) ' +
      'and reject requests whose timestamp is more than a few minutes from the server clock, ' +
      'in the past or the future.',
  },
  'sign-every-part': {
    summary:
      'Make the signature cover every part the handler acts on: method, path, query and the ' +
      'headers it reads, or ignore parts the signature does not cover; never rebuild the ' +
      'signed URL from X-Forwarded-Host or similar client-controlled headers.',
  },
  'compare-full-signature': {
    summary:
      'Compare the full received digest with the full expected digest in constant time ' +
      '(hmac.compare_digest, crypto.timingSafeEqual) after checking its length; never use ' +
      'startswith/prefix or substring matching, and skip empty list entries.',
  },
  'one-algorithm-only': {
    summary:
      "Accept only the scheme's current algorithm from its own header; do not let the " +
      'request name the algorithm, do not fall back to legacy SHA-1 digests, and do not read ' +
      'the signature from the query string.',
  },
  'separate-signed-fields': {
    summary:
      'Join the signed fields with a separator that cannot appear in them (or length-prefix ' +
      'them), as `<id>.<ts>.<body>` does, so bytes cannot move from one field to another.',
  },
};
