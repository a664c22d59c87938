import { hash } from 'node:crypto';
import type { HttpRequest } from '../model/http.js';
import { ComposedScheme } from './composed.js';
import type { Message } from './hmac.js';
import { isForm, join, tagPrefix } from './parts.js';
import type { SchemeDefinition } from './definition.js';

/**
 * Twilio: `X-Twilio-Signature: <base64 HMAC-SHA1>` over the full URL followed by each
 * form field, sorted by name, as name + value (repeated names: each distinct value,
 * sorted). A non-form body is bound through a `bodySHA256` query parameter (hex
 * SHA-256 of the body) inside the signed URL. No timestamp: replays are the
 * receiver's to stop.
 */
export const twilio: SchemeDefinition = {
  id: 'twilio',
  title: 'Twilio: X-Twilio-Signature: <base64 of HMAC-SHA1 of URL + sorted form fields>',
  build: (o) =>
    new ComposedScheme({
      id: 'twilio',
      title: 'Twilio webhooks',
      signatureHeader: o.signatureHeader ?? 'X-Twilio-Signature',
      layout: 'prefixed',
      prefix: tagPrefix(o.tag, ''),
      digest: 'sha1',
      encoding: 'base64',
      message: twilioMessage,
      prepare: bindBody,
      covers: ['host', 'path', 'query', 'body'],
    }),
};

function twilioMessage(request: HttpRequest): Message {
  if (!isForm(request)) return join(request.url);
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) {
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  const names = [...fields.keys()].sort();
  const data = names.map((name) => {
    const values = [...new Set(fields.get(name))].sort();
    return values.map((value) => name + value).join('');
  });
  return join(request.url, ...data);
}

/** A JSON (non-form) body is covered only through `bodySHA256` in the URL. */
function bindBody(request: HttpRequest): HttpRequest {
  if (isForm(request) || request.body.length === 0) return request;
  const digest = hash('sha256', request.body, 'hex');
  // String edits, not URL parsing: the rest of the URL must stay byte for byte as signed.
  const existing = /([?&])bodySHA256=[^&#]*/.exec(request.url);
  const url = existing
    ? request.url.replace(existing[0], `${existing[1]}bodySHA256=${digest}`)
    : `${request.url}${request.url.includes('?') ? '&' : '?'}bodySHA256=${digest}`;
  return { ...request, url };
}
