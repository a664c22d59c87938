import type { HttpRequest } from '../model/http.js';
import type { Message } from './hmac.js';

/** The message a scheme signs, as parts in order (text is UTF-8). */
export function join(...parts: Array<string | Buffer>): Message {
  return parts;
}

export function isForm(request: HttpRequest): boolean {
  const type =
    request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return /application\/x-www-form-urlencoded/i.test(type);
}

/** Chooses a header name: the user's override, else the scheme's default. */
export function named(override: string | undefined, fallback: string): string {
  return override ?? fallback;
}

/** The prefix from `--tag`: `sha256` becomes `sha256=`, "" means a bare digest. */
export function tagPrefix(tag: string | undefined, fallback: string): string {
  if (tag === undefined) return fallback;
  return tag === '' ? '' : `${tag}=`;
}
