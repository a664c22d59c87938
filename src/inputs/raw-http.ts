import { InputError } from '../model/errors.js';
import type { HeaderList, HttpRequest } from '../model/http.js';
import { getHeader } from '../model/http.js';
import { requestHeaders } from './headers.js';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

/**
 * A raw HTTP/1.1 request as Burp, mitmproxy or a text editor saves it: request line,
 * headers, an empty line, the body. Lines may end in CRLF or LF. The body is taken
 * as bytes: Content-Length bounds it (an editor's trailing newline beyond it is
 * dropped), and a chunked body is decoded.
 */
export function parseRawHttp(
  bytes: Buffer,
  path: string,
  origin: string | undefined,
): HttpRequest {
  const { head, body, bodyLine } = splitHead(bytes, path);
  const lines = head.split(/\r?\n/);
  const requestLine = /^([A-Za-z]+) (\S+) HTTP\/\d(\.\d)?$/.exec(lines[0]!.trim());
  if (!requestLine)
    throw new InputError(
      'raw-request-line',
      `${path}: line 1: expected "METHOD /path HTTP/1.1"`,
    );

  const headers: HeaderList = [];
  lines.slice(1).forEach((line, i) => {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new InputError(
        'raw-header',
        `${path}: line ${i + 2}: header line has no "name: value"`,
      );
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  });

  const url = requestUrl(requestLine[2]!, getHeader(headers, 'host'), origin, path);
  return {
    method: requestLine[1]!.toUpperCase(),
    url,
    headers: requestHeaders(headers),
    body: frameBody(body, headers, path, bodyLine),
  };
}

function splitHead(
  bytes: Buffer,
  path: string,
): { head: string; body: Buffer; bodyLine: number } {
  const text = bytes.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headText = (match ? text.slice(0, match.index) : text.replace(/\r?\n$/, '')).replace(
    /^\uFEFF|^\xEF\xBB\xBF/,
    '',
  );
  const head = Buffer.from(headText, 'latin1').toString('utf8');
  if (head.trim() === '')
    throw new InputError('raw-empty', `${path}: the request has no request line`);
  const body = match ? bytes.subarray(match.index + match[0].length) : Buffer.alloc(0);
  return { head: head.replace(/^\s*\n/, ''), body, bodyLine: headText.split('\n').length + 2 };
}

function requestUrl(
  target: string,
  host: string | undefined,
  origin: string | undefined,
  path: string,
): string {
  if (/^https?:\/\//i.test(target)) return target;
  if (!target.startsWith('/'))
    throw new InputError(
      'raw-target',
      `${path}: line 1: request target "${target}" is neither a path nor a URL`,
    );
  if (origin) return origin.replace(/\/$/, '') + target;
  if (!host)
    throw new InputError(
      'raw-host',
      `${path}: the request has no Host header; add one or give the target URL`,
    );
  const scheme = LOOPBACK.test(host) ? 'http' : 'https';
  return `${scheme}://${host}${target}`;
}

function frameBody(body: Buffer, headers: HeaderList, path: string, bodyLine: number): Buffer {
  const encoding = getHeader(headers, 'transfer-encoding');
  if (encoding && /chunked/i.test(encoding)) return dechunk(body, path, bodyLine);
  const declared = getHeader(headers, 'content-length');
  if (declared === undefined) return body;
  const length = Number(declared);
  if (!Number.isInteger(length) || length < 0)
    throw new InputError('raw-length', `${path}: Content-Length "${declared}" is not a number`);
  if (body.length < length) {
    throw new InputError(
      'raw-length',
      `${path}: line ${bodyLine}: the body has ${body.length} bytes but Content-Length says ${length}; was the capture cut?`,
    );
  }
  return body.subarray(0, length);
}

function dechunk(body: Buffer, path: string, bodyLine: number): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf('\n', at);
    if (end < 0)
      throw new InputError(
        'raw-chunked',
        `${path}: line ${bodyLine}: chunked body ends without a final 0-size chunk`,
      );
    const size = parseInt(body.subarray(at, end).toString('latin1').trim().split(';')[0]!, 16);
    if (Number.isNaN(size))
      throw new InputError('raw-chunked', `${path}: line ${bodyLine}: bad chunk size`);
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(end + 1, end + 1 + size));
    at = end + 1 + size;
    if (body[at] === 0x0d) at += 1;
    if (body[at] === 0x0a) at += 1;
  }
}
