import type { HttpRequest } from '../../model/http.js';
import { getHeader } from '../../model/http.js';

/**
 * The same body with every string and number value changed, keeping its shape. Used
 * to tell whether an answer depends on the (unsigned) content that was sent.
 */
export function mutateBody(request: HttpRequest): Buffer | undefined {
  const parsed = parseJson(request.body);
  if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
    return Buffer.from(JSON.stringify(mutateValue(parsed)));
  }

  const type = getHeader(request.headers, 'content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(request.body.toString('utf8'));
    const changed = new URLSearchParams();
    for (const [key, value] of form) changed.append(key, `${value}-sigprobe`);
    return Buffer.from(changed.toString());
  }
  return undefined;
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function isJsonRequest(request: HttpRequest): boolean {
  const type = getHeader(request.headers, 'content-type') ?? '';
  return type.includes('json') || parseJson(request.body) !== undefined;
}

function mutateValue(value: unknown): unknown {
  if (typeof value === 'string') return `${value}-sigprobe`;
  if (typeof value === 'number') return value + 7;
  if (Array.isArray(value)) return value.map(mutateValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mutateValue(v)]));
  }
  return value;
}
