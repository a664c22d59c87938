import { timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '../model/http.js';
import { encode, hmac } from '../schemes/hmac.js';
import { HmacScheme } from '../schemes/hmac-scheme.js';
import type { SignatureFields } from '../schemes/hmac-scheme.js';
import { decodeWhsec, isWhsec } from '../schemes/secret-forms.js';
import type { SignatureScheme } from '../schemes/types.js';

export interface Diagnosis {
  valid: boolean;
  /** The integration mistake that explains an invalid signature, if one does. */
  mistake?: { id: string; explanation: string };
  /** Things worth knowing even when the signature is valid (a timestamp in ms, say). */
  warnings: string[];
}

type Fields = Omit<SignatureFields, 'signatures'>;

interface Hypothesis {
  id: string;
  explanation: string;
  /** Signature texts the sender would have produced had it made this mistake. */
  candidates(): string[];
}

/**
 * Whether a captured request's signature is valid under `scheme` and `secret`, and
 * if not, which common integration mistake reproduces it exactly: each hypothesis
 * recomputes the signature the way a sender making that mistake would, and only an
 * exact match names it. Nothing is guessed.
 */
export function diagnose(
  request: HttpRequest,
  scheme: SignatureScheme,
  secret: Buffer,
): Diagnosis {
  const warnings = timestampWarnings(request, scheme);
  if (scheme.verify(request, secret)) return { valid: true, warnings };
  if (!(scheme instanceof HmacScheme)) return { valid: false, warnings };
  const fields = scheme.fieldsOf(request);
  if (!fields)
    return {
      valid: false,
      warnings: [...warnings, `the request carries no ${scheme.id} signature`],
    };

  const given = new Set(fields.signatures);
  for (const hypothesis of hypotheses(request, scheme, secret, fields)) {
    const hit = safeCandidates(hypothesis).some((candidate) =>
      [...given].some((text) => sameText(text, candidate)),
    );
    if (hit)
      return {
        valid: false,
        mistake: { id: hypothesis.id, explanation: hypothesis.explanation },
        warnings,
      };
  }
  return { valid: false, warnings };
}

function safeCandidates(hypothesis: Hypothesis): string[] {
  try {
    return hypothesis.candidates();
  } catch {
    return [];
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hypotheses(
  request: HttpRequest,
  scheme: HmacScheme,
  secret: Buffer,
  fields: Fields,
): Hypothesis[] {
  const sign = (r: HttpRequest, f: Fields = fields, key: Buffer = secret) =>
    scheme.signatureFor(r, key, f);
  const withBody = (body: string | Buffer) => ({
    ...request,
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  });
  const list = (...values: Array<string | undefined>) =>
    values.filter((v): v is string => v !== undefined);
  const right = sign(request);
  const otherEncoding = scheme.encoding === 'hex' ? 'base64' : 'hex';

  return [
    {
      id: 'body-reserialised',
      explanation:
        'the body was parsed and serialised again before signing (spacing, key order or indentation changed); sign the raw bytes as sent',
      candidates: () =>
        reserialisations(request.body)
          .map((body) => sign(withBody(body)))
          .filter((v): v is string => !!v),
    },
    {
      id: 'trailing-newline',
      explanation:
        'a trailing newline differs between the signed bytes and the body sent (an editor or a print() added or removed it)',
      candidates: () => {
        const text = request.body.toString('latin1');
        const trimmed = text.replace(/\r?\n$/, '');
        return list(
          sign(withBody(Buffer.from(text + '\n', 'latin1'))),
          trimmed !== text ? sign(withBody(Buffer.from(trimmed, 'latin1'))) : undefined,
        );
      },
    },
    {
      id: 'wrong-encoding',
      explanation: `the digest was encoded as ${otherEncoding} where the ${scheme.id} scheme expects ${scheme.encoding}`,
      candidates: () =>
        right ? [Buffer.from(right, scheme.encoding).toString(otherEncoding)] : [],
    },
    {
      id: 'letter-case',
      explanation:
        'the hex digest is in the wrong letter case (compare lower-case hex, or normalise before comparing)',
      candidates: () => (right && scheme.encoding === 'hex' ? [right.toUpperCase()] : []),
    },
    {
      id: 'secret-form',
      explanation: isWhsec(secret)
        ? 'the sender used the whsec_ secret text as the key instead of its base64-decoded bytes'
        : 'the secret was used in another form (base64- or hex-decoded, or with a trailing newline) than the raw text',
      candidates: () =>
        secretForms(secret, scheme.keyFor(secret) ?? secret)
          .map((key) => signWithKey(scheme, request, fields, key))
          .filter((v): v is string => !!v),
    },
    {
      id: 'path-vs-url',
      explanation:
        'the URL was signed in another form (path only instead of the full URL, another scheme, or with/without the default port)',
      candidates: () =>
        urlForms(request.url)
          .map((url) => sign({ ...request, url }))
          .filter((v): v is string => !!v),
    },
    {
      id: 'timestamp-unit',
      explanation:
        'the timestamp was signed in another unit (milliseconds vs seconds) than the header carries',
      candidates: () => {
        const text = fields.timestamp;
        if (!text || !/^\d+$/.test(text)) return [];
        const n = Number(text);
        return list(
          sign(request, { ...fields, timestamp: String(n * 1000) }),
          sign(request, { ...fields, timestamp: String(Math.floor(n / 1000)) }),
        );
      },
    },
    {
      id: 'wrong-separator',
      explanation:
        'the signed fields were joined with a different separator than the scheme prescribes',
      candidates: () =>
        separatorVariants(scheme, request, fields).map((message) =>
          encode(
            hmac(scheme.digest, scheme.keyFor(secret) ?? secret, message),
            scheme.encoding,
          ),
        ),
    },
  ];
}

/** Raw-key signing for the secret-form hypothesis, bypassing the scheme's own key step. */
function signWithKey(
  scheme: HmacScheme,
  request: HttpRequest,
  fields: Fields,
  key: Buffer,
): string | undefined {
  // SigV4 derives its key from the secret: the other form goes through the derivation.
  if (scheme.id === 'aws-sigv4') return scheme.signatureFor(request, key, fields);
  return scheme.signatureWithKey(request, key, fields);
}

function secretForms(secret: Buffer, usedKey: Buffer): Buffer[] {
  const text = secret.toString('utf8');
  const forms: Buffer[] = [Buffer.from(text + '\n'), Buffer.from(text.trim())];
  if (isWhsec(secret)) forms.push(Buffer.from(text), Buffer.from(text.slice(6)));
  else {
    if (/^[A-Za-z0-9+/=_-]+$/.test(text)) forms.push(Buffer.from(text, 'base64'));
    if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0)
      forms.push(Buffer.from(text, 'hex'));
    forms.push(decodeWhsec(secret));
  }
  return forms.filter((form) => form.length > 0 && !form.equals(usedKey));
}

function reserialisations(body: Buffer): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return [];
  }
  const python = (v: unknown): string =>
    JSON.stringify(v).replace(
      /("(?:[^"\\]|\\.)*")|([,:])/g,
      (m, str: string | undefined, sep: string) => (str ? str : `${sep} `),
    );
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  return [
    ...new Set([
      JSON.stringify(value),
      python(value),
      JSON.stringify(value, null, 2),
      JSON.stringify(value, null, 4),
      JSON.stringify(sorted(value)),
    ]),
  ].filter((text) => text !== body.toString('utf8'));
}

function urlForms(text: string): string[] {
  const url = new URL(text);
  const forms = [url.pathname + url.search, url.pathname];
  const other = new URL(text);
  other.protocol = url.protocol === 'https:' ? 'http:' : 'https:';
  forms.push(other.toString());
  const port = new URL(text);
  if (url.port) {
    port.port = '';
    forms.push(port.toString());
  } else {
    forms.push(
      `${url.protocol}//${url.hostname}:${url.protocol === 'https:' ? 443 : 80}${url.pathname}${url.search}`,
    );
  }
  return forms.filter((form) => form !== text);
}

const SEPARATORS = ['', '.', ':', ',', '\n', ' ', '|'];

/** The messages each separator-using scheme would sign with another separator. */
function separatorVariants(scheme: HmacScheme, request: HttpRequest, fields: Fields): Buffer[] {
  const body = request.body;
  const ts = fields.timestamp ?? '';
  const id = fields.id ?? '';
  const build = (sep: string): Buffer | undefined => {
    if (scheme.id === 'stripe') return Buffer.concat([Buffer.from(ts + sep), body]);
    if (scheme.id === 'slack' || scheme.id === 'zoom')
      return Buffer.concat([Buffer.from(`v0${sep}${ts}${sep}`), body]);
    if (scheme.id === 'standard-webhooks')
      return Buffer.concat([Buffer.from(`${id}${sep}${ts}${sep}`), body]);
    if (scheme.id === 'twitch')
      return Buffer.concat([Buffer.from(`${id}${sep}${ts}${sep}`), body]);
    return undefined;
  };
  const correct = { stripe: '.', slack: ':', zoom: ':', 'standard-webhooks': '.', twitch: '' }[
    scheme.id
  ];
  if (correct === undefined) return [];
  return SEPARATORS.filter((sep) => sep !== correct)
    .map(build)
    .filter((m): m is Buffer => m !== undefined);
}

function timestampWarnings(request: HttpRequest, scheme: SignatureScheme): string[] {
  const stamp = scheme.timestampOf(request);
  if (stamp === undefined) return [];
  const now = Date.now() / 1000;
  if (stamp > now * 100)
    return [
      'the timestamp looks like milliseconds; the scheme counts seconds, so receivers will see it as far in the future',
    ];
  const age = Math.round(now - stamp);
  if (scheme.windowSeconds && Math.abs(age) > scheme.windowSeconds) {
    return [
      `the timestamp is ${Math.abs(age)} s ${age > 0 ? 'old' : 'in the future'}, outside the ${scheme.windowSeconds} s window the vendor's libraries allow`,
    ];
  }
  return [];
}
