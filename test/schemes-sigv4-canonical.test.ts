import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { getHeader } from '../src/model/http.js';
import type { HttpRequest } from '../src/model/http.js';
import { canonicalRequest } from '../src/schemes/aws-sigv4.js';

/** The canonical request as the scheme built it before its fast paths, kept verbatim. */
function reference(request: HttpRequest, signed: string[]): string | undefined {
  const escape = (text: string) =>
    encodeURIComponent(text).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  const url = new URL(request.url);
  const path =
    url.pathname
      .split('/')
      .map((segment) => escape(segment))
      .join('/') || '/';
  const query = [...url.searchParams]
    .map(([key, value]) => [escape(key), escape(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const lines: string[] = [];
  for (const name of signed) {
    const value =
      name === 'host'
        ? (getHeader(request.headers, 'host') ?? url.host)
        : getHeader(request.headers, name);
    if (value === undefined) return undefined;
    lines.push(`${name}:${value.trim().replace(/\s+/g, ' ')}\n`);
  }
  const payload =
    getHeader(request.headers, 'x-amz-content-sha256') ??
    createHash('sha256').update(request.body).digest('hex');
  return [
    request.method.toUpperCase(),
    path,
    query,
    lines.join(''),
    signed.join(';'),
    payload,
  ].join('\n');
}

test('canonicalRequest equals the straightforward construction on awkward input', () => {
  const urls = [
    'https://api.example.test/',
    'https://api.example.test',
    'https://API.Example.test:8443/a/b/../c/./d?x=1',
    'https://api.example.test/prod/orders/a%20b?b=2&a=1&a=x%20y',
    'https://api.example.test/p!a(t)h*/~ok_-.?q=a+b&q=a%2Bb&empty=&flag&&=v',
    'https://api.example.test/ünï/çødé?ключ=значение&z=%E2%82%AC',
    "https://api.example.test/x?a='q'&b=(1)&c=*",
  ];
  const values = [
    'application/json',
    '  padded  ',
    'a  b\t\tc',
    'tab\there',
    'line\r\nfold',
    'nb\u00a0space',
    'em\u2003space',
    '',
    ' ',
    'del\u007fchar',
    'ctl\u0001char',
  ];
  for (const url of urls) {
    for (const value of values) {
      const request: HttpRequest = {
        method: 'post',
        url,
        headers: [
          ['Content-Type', value],
          ['X-Amz-Date', '20251009T085320Z'],
          ['x-custom', 'first'],
          ['X-Custom', 'second'],
        ],
        body: Buffer.from(value),
      };
      for (const signed of [
        ['content-type', 'host', 'x-amz-date', 'x-custom'],
        ['host', 'x-missing'],
      ]) {
        assert.equal(
          canonicalRequest(request, signed),
          reference(request, signed),
          `${url} ${JSON.stringify(value)} ${signed.join(';')}`,
        );
      }
    }
  }
});
