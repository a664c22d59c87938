import { randomUUID } from 'node:crypto';
import type { HttpRequest } from '../../model/http.js';
import { cloneRequest } from '../../model/http.js';
import { parseJson } from './body-variants.js';

const ID_FIELDS = ['id', 'event_id', 'eventId', 'delivery_id', 'message_id'];

/**
 * The request with new values in its top-level event id fields, so a receiver that
 * dedupes events (as it should) judges each freshly signed probe on its signature,
 * not as a duplicate of the last one. Bodies without such fields are kept as they are.
 */
export function withFreshIds(request: HttpRequest): HttpRequest {
  const parsed = parseJson(request.body);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return request;
  const object = { ...(parsed as Record<string, unknown>) };
  let changed = false;
  for (const field of ID_FIELDS) {
    if (typeof object[field] === 'string') {
      object[field] = `evt_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
      changed = true;
    }
  }
  return changed
    ? cloneRequest(request, { body: Buffer.from(JSON.stringify(object)) })
    : request;
}
