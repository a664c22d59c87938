import { createHash } from 'node:crypto';
import type { Exchange, HttpRequest } from '../../model/http.js';
import type { Severity } from '../../model/severity.js';
import type { Digest, Encoding } from '../../schemes/types.js';
import { digestLength } from '../../schemes/hmac.js';

export interface LeakHit {
  kind: 'debugger-page' | 'stack-trace' | 'failure-detail';
  severity: Severity;
  what: string;
  /** Offset and length of the matched text in the response text. */
  index: number;
  length: number;
}

/** Response text as detectors read it: body, then every header as "name: value". */
const HEADERS_MARK = '\n\u0000headers\n';

export function responseText(exchange: Exchange): string {
  const response = exchange.response;
  if (!response) return '';
  const headers = response.headers.map(([name, value]) => `${name}: ${value}`).join('\n');
  return `${response.body.toString('utf8')}${HEADERS_MARK}${headers}`;
}

/**
 * Debug pages and stack traces. Each pattern needs a framework's own marker or a
 * source-file frame with a line number; words like "error" or "exception" alone never
 * count, because correct receivers use them in their 401 bodies.
 */
const TRACE_PATTERNS: Array<{
  kind: LeakHit['kind'];
  severity: Severity;
  what: string;
  pattern: RegExp;
}> = [
  {
    kind: 'debugger-page',
    severity: 'high',
    what: "Werkzeug's interactive debugger page",
    pattern: /__debugger__|Werkzeug Debugger|The debugger caught an exception/,
  },
  {
    kind: 'debugger-page',
    severity: 'high',
    what: "Django's debug page",
    pattern: /seeing this error because you have <code>DEBUG = True<\/code>|DEBUG = True/,
  },
  {
    kind: 'stack-trace',
    severity: 'medium',
    what: 'a Python stack trace',
    pattern: new RegExp(
      'Traceback \\(most recent call last\\):[\\s\\S]{0,400}?' +
        'File (?:"|&quot;)[^"&\\n]+(?:"|&quot;), line \\d+',
    ),
  },
  {
    kind: 'stack-trace',
    severity: 'medium',
    what: 'a Node.js stack trace',
    pattern: new RegExp(
      String.raw`\bat [\w$.<>]+ \((?:\/|[A-Za-z]:\\|file:|node:)[^)\n]*:\d+:\d+\)` +
        String.raw`(?:[\s\S]{0,200}?\bat [^\n]*:\d+:\d+)`,
    ),
  },
  {
    kind: 'stack-trace',
    severity: 'medium',
    what: 'a Ruby/Rails stack trace',
    pattern: /[\w/.-]+\.rb:\d+:in [`'][^'\n]+'/,
  },
  {
    kind: 'stack-trace',
    severity: 'medium',
    what: 'a Java stack trace',
    pattern: /\bat [\w$.]+\([\w$]+\.java:\d+\)/,
  },
  {
    kind: 'stack-trace',
    severity: 'medium',
    what: 'a PHP stack trace',
    pattern: /Stack trace:\s*(?:<br \/>)?\s*#0 /,
  },
  {
    kind: 'stack-trace',
    severity: 'medium',
    what: 'an ASP.NET error page',
    pattern: /Server Error in '[^']*' Application/,
  },
];

/**
 * Messages that say how far a guess got (position of the first wrong byte, count of
 * matching characters). "Missing signature" vs "invalid signature" is normal and is
 * not matched: it reveals nothing about the expected value.
 */
const DETAIL_PATTERNS: RegExp[] = [
  new RegExp(
    String.raw`\b(?:mismatch|differs?|different|wrong|invalid|incorrect)\b[^.\n]{0,40}?` +
      String.raw`\b(?:at|from|after)\s+(?:byte|position|index|offset|char(?:acter)?|digit)` +
      String.raw`\s*#?\s*\d+`,
    'i',
  ),
  new RegExp(
    String.raw`\b\d+\s+(?:of\s+\d+\s+)?(?:bytes?|char(?:acter)?s?|digits?|hex digits?)\s+` +
      String.raw`(?:match(?:ed)?|correct|right|valid)\b`,
    'i',
  ),
  new RegExp(
    String.raw`\b(?:first|leading)\s+\d+\s+(?:bytes?|char(?:acter)?s?|digits?)\s+` +
      String.raw`(?:match(?:ed)?|are correct|were correct|ok)\b`,
    'i',
  ),
  /\b(?:matched|correct)\s+(?:prefix|bytes|characters)\s*[:=]\s*\d+/i,
];

export function traceAndDetailHits(text: string): LeakHit[] {
  const hits: LeakHit[] = [];
  for (const { kind, severity, what, pattern } of TRACE_PATTERNS) {
    const match = pattern.exec(text);
    if (match)
      hits.push({
        kind,
        severity,
        what,
        index: match.index,
        length: Math.min(match[0].length, 160),
      });
  }
  for (const pattern of DETAIL_PATTERNS) {
    const match = pattern.exec(text);
    if (match) {
      hits.push({
        kind: 'failure-detail',
        severity: 'medium',
        what: 'a rejection message that says how much of the signature matched',
        index: match.index,
        length: match[0].length,
      });
      break;
    }
  }
  return hits;
}

// Headers whose values are hashes or ids of public things by design.
const HASH_HEADERS = new Set([
  'etag',
  'x-request-id',
  'x-correlation-id',
  'x-trace-id',
  'traceparent',
  'tracestate',
  'x-amzn-trace-id',
  'x-amzn-requestid',
  'cf-ray',
  'content-md5',
  'digest',
  'repr-digest',
  'content-digest',
  'set-cookie',
  'x-cache-key',
]);

export interface DigestCandidate {
  token: string;
  index: number;
  where: string;
}

/**
 * Values in a response with exactly the length and alphabet of the scheme's digest
 * that the request did not carry and that are not a plain (unkeyed) hash of what the
 * request sent. Tokens inside longer runs of the alphabet are not digests.
 */
export function digestCandidates(
  exchange: Exchange,
  digest: Digest,
  encoding: Encoding,
): DigestCandidate[] {
  const response = exchange.response;
  if (!response) return [];
  const bytes = digestLength(digest);
  const pattern =
    encoding === 'hex'
      ? new RegExp(`(?<![0-9A-Za-z])[0-9a-fA-F]{${bytes * 2}}(?![0-9A-Za-z])`, 'g')
      : new RegExp(
          `(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{${Math.ceil((bytes * 4) / 3)}}` +
            '={0,2}(?![A-Za-z0-9+/=_-])',
          'g',
        );

  const { text: sent, hashes } = requestMaterial(exchange.request);
  const candidates: DigestCandidate[] = [];
  const sources: Array<[string, string]> = [
    ['body', response.body.toString('utf8')],
    ...response.headers
      .filter(([name]) => !HASH_HEADERS.has(name.toLowerCase()))
      .map(([name, value]) => [`header ${name}`, value] as [string, string]),
  ];
  for (const [where, text] of sources) {
    for (const match of text.matchAll(pattern)) {
      const token = match[0];
      if (encoding === 'base64' && Buffer.from(token, 'base64').length !== bytes) continue;
      const plain = encoding === 'hex' ? token.toLowerCase() : token.replace(/=+$/, '');
      if (sent.includes(plain) || hashes.has(normalise(token, encoding))) continue;
      candidates.push({ token, index: match.index, where });
    }
  }
  return candidates;
}

/**
 * Everything the request itself carried, and plain hashes of its parts, in the forms
 * a response could echo: a receiver may legitimately show a hash of the body it got.
 */
function requestMaterial(request: HttpRequest): { text: string; hashes: Set<string> } {
  const parts = [
    request.url,
    request.body.toString('utf8'),
    ...request.headers.map(([, v]) => v),
  ];
  const text = parts.join('\n');
  const hashes = new Set<string>();
  for (const part of [request.body, Buffer.from(request.url)]) {
    for (const algorithm of ['sha1', 'sha256', 'sha512', 'md5']) {
      const hash = createHash(algorithm).update(part).digest();
      hashes.add(hash.toString('hex'));
      hashes.add(normalise(hash.toString('base64'), 'base64'));
    }
  }
  // Hex compares case-insensitively: the same bytes in the other case are no new value.
  return { text: `${text}\n${text.toLowerCase()}`, hashes };
}

function normalise(token: string, encoding: Encoding): string {
  return encoding === 'hex'
    ? token.toLowerCase()
    : token.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
}

/** A short quote around a match, on one line, for the finding's message. */
export function quote(text: string, index: number, length: number): string {
  const mark = text.lastIndexOf(HEADERS_MARK, index);
  const headersAt = text.indexOf(HEADERS_MARK, index);
  const start = Math.max(mark < 0 ? 0 : mark + HEADERS_MARK.length, index - 40);
  const end = Math.min(headersAt < 0 ? text.length : headersAt, index + length + 40);
  const excerpt = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${excerpt}${end < text.length ? '…' : ''}`;
}
