import type { HttpRequest } from '../model/http.js';

/** Joins text and byte parts into the exact message bytes a scheme signs. */
export function join(...parts: Array<string | Buffer>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part)));
}

export function isForm(request: HttpRequest): boolean {
  const type = request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
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
