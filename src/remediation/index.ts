import { SIGNED_REQUEST_REMEDIATIONS } from './signed-requests.js';

/**
 * What to change, per remediation key. Checks name a key; reports and `explain` look
 * the text up here, so one fix is written once however many checks point at it.
 */
export interface Remediation {
  summary: string;
}

export const REMEDIATIONS: Record<string, Remediation> = {
  ...SIGNED_REQUEST_REMEDIATIONS,
  'verify-every-request': {
    summary:
      'Verify the signature on every request before doing anything else: reject (401) when ' +
      'the header is missing, empty or malformed, compute the HMAC over the raw body bytes, ' +
      'and compare with a constant-time function (hmac.compare_digest, crypto.timingSafeEqual).',
  },
  'strong-secret': {
    summary:
      'Rotate the secret now and generate the new one randomly: at least 32 bytes from a ' +
      'CSPRNG (openssl rand -hex 32, secrets.token_hex(32)), stored in a secret manager, ' +
      'never a default, example or empty value; refuse to start when it is unset or short.',
  },
  'verify-every-item': {
    summary:
      'When a delivery carries several separately signed items (Adyen notificationItems), ' +
      'verify every item before acting on any of them, and reject the whole delivery (or ' +
      'at least skip and report the item) when one signature is wrong; never verify only ' +
      'the first item and loop over the rest.',
  },
  'reject-wrong-signature': {
    summary:
      'Accept a request only when the computed HMAC equals the received one: check the ' +
      'verifier result is not inverted or ignored, and that both values are compared in ' +
      'full with a constant-time function.',
  },
  'strict-signature-format': {
    summary:
      'Parse the signature header strictly: require the expected algorithm tag and a digest ' +
      'of exactly the right length and encoding, and reject anything else before comparing.',
  },
  'verify-all-methods': {
    summary:
      'Verify in middleware or a decorator that runs for every method of the route, allow ' +
      'only the methods the sender uses (405 for the rest), and do not honour method-override ' +
      'headers on signed routes.',
  },
  'remove-bypass-switches': {
    summary:
      'Remove test, debug and sandbox switches from production code paths, and never trust ' +
      'client-supplied headers such as X-Forwarded-For to skip verification; if a test mode ' +
      'is needed, enable it by server configuration, not by the request.',
  },
  'verify-before-processing': {
    summary:
      'Verify the signature over the raw body before parsing, validating or looking anything ' +
      'up, so unsigned requests cannot reach business logic or learn from its errors.',
  },
  'use-https': {
    summary:
      'Serve the signed endpoint over HTTPS only (redirect or refuse plain HTTP), so signed ' +
      'requests cannot be read and replayed from the network.',
  },
  'require-authentication': {
    summary:
      'Protect state-changing operations with the same signature or authentication as the ' +
      'rest of the API, or document why they are public.',
  },
  'enforce-spec-security': {
    summary:
      'Enforce the security the spec declares on every operation, in middleware that runs ' +
      'before the handler: reject (401) requests without the required signature or ' +
      'credential, and test each operation against its spec in CI.',
  },
  'define-security-schemes': {
    summary:
      'Define every security scheme an operation requires under components.securitySchemes ' +
      '(securityDefinitions in Swagger 2.0), and remove schemes nothing uses.',
  },
  'constant-time-verification': {
    summary:
      'Compare the received and expected signatures with a constant-time function ' +
      '(hmac.compare_digest, crypto.timingSafeEqual) over fixed-length byte strings, and ' +
      'answer every rejection through the same path, with no extra work on some of them.',
  },
  'generic-rejection': {
    summary:
      'Answer every failed verification with the same short, generic 401 body: never echo ' +
      'the expected or computed signature, the secret, or which step failed; turn debug ' +
      'pages and stack traces off in production and log the details server-side instead.',
  },
  'throttle-failed-verification': {
    summary:
      'Limit failed signature checks per client and per endpoint (429 with Retry-After, or ' +
      'a temporary lockout), and alert on bursts of failures.',
  },
};
