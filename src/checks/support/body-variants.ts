import type { HttpRequest } from '../../model/http.js';
import { getHeader } from '../../model/http.js';

/**
 * The same body with every string and number value changed, keeping its shape. Used
 * to tell whether an answer depends on the (unsigned) content that was sent. A body
 * with no such value (`{}`, a body of nulls) gets a member added instead: the same
 * values sent again would be no probe at all. Undefined when no variant can be made.
 */
export function mutateBody(request: HttpRequest): Buffer | undefined {
  const original = request.body;
  const parsed = parseJson(original);
  if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
    const changed = JSON.stringify(mutateValue(parsed));
    if (changed !== JSON.stringify(parsed)) return Buffer.from(changed);
    const added = Array.isArray(parsed)
      ? [...(parsed as unknown[]), 'sigprobe']
      : { ...(parsed as Record<string, unknown>), sigprobe: 'changed' };
    return Buffer.from(JSON.stringify(added));
  }

  const type = getHeader(request.headers, 'content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(original.toString('utf8'));
    const changed = new URLSearchParams();
    for (const [key, value] of form) changed.append(key, `${value}-sigprobe`);
    if (changed.size === 0) changed.append('sigprobe', 'changed');
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
