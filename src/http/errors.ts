/** Turns network failures into short, stable codes a report and a user can act on. */

export interface NetworkFailure {
  code: string;
  message: string;
}

const BY_CODE: Record<string, [string, string]> = {
  ECONNREFUSED: ['connection-refused', 'connection refused'],
  ECONNRESET: ['connection-reset', 'connection reset by the server'],
  ENOTFOUND: ['dns', 'host name could not be resolved'],
  EAI_AGAIN: ['dns', 'host name could not be resolved (temporary failure)'],
  EHOSTUNREACH: ['unreachable', 'host unreachable'],
  ENETUNREACH: ['unreachable', 'network unreachable'],
  UND_ERR_CONNECT_TIMEOUT: ['connect-timeout', 'connection timed out'],
  UND_ERR_HEADERS_TIMEOUT: [
    'no-response',
    'the server accepted the connection but never answered',
  ],
  UND_ERR_BODY_TIMEOUT: ['body-timeout', 'the server stopped sending the response body'],
  UND_ERR_SOCKET: ['socket', 'the connection closed unexpectedly'],
  UND_ERR_ABORTED: ['timeout', 'the exchange took longer than the time limit'],
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: [
    'bad-response',
    'response length did not match its header',
  ],
};

export function describeNetworkError(error: unknown): NetworkFailure {
  const seen = new Set<unknown>();
  let current: unknown = error;

  // undici wraps the socket error in `cause`; the innermost known code is the clearest.
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      const known = BY_CODE[code];
      if (known) return { code: known[0], message: known[1] };
      if (code.startsWith('HPE_')) {
        return { code: 'not-http', message: 'the server did not answer with valid HTTP' };
      }
    }
    const name = (current as { name?: unknown }).name;
    if (name === 'HTTPParserError') {
      return { code: 'not-http', message: 'the server did not answer with valid HTTP' };
    }
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { code: 'timeout', message: 'the exchange took longer than the time limit' };
    }
    current = (current as { cause?: unknown }).cause;
  }

  const message = error instanceof Error ? error.message : String(error);
  return { code: 'network', message: message.split('\n')[0] ?? 'network error' };
}
