import type { HeaderList } from '../model/http.js';

/**
 * Headers that describe one hop or one framing of a captured request, not the request:
 * the HTTP client sets them again for the bytes it sends, and undici refuses several.
 * `host` goes too: the URL carries it, and a resend to another origin must not lie.
 */
const HOP_HEADERS = new Set([
  'connection',
  'content-length',
  'expect',
  'host',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function requestHeaders(headers: HeaderList): HeaderList {
  // HTTP/2 captures (Chrome HARs) carry pseudo-headers such as `:authority`.
  return headers.filter(
    ([name]) => !name.startsWith(':') && !HOP_HEADERS.has(name.toLowerCase()),
  );
}
