import type { HttpRequest } from '../model/http.js';

/** A `curl` command that sends exactly this request, for a finding's reproduction. */
export function toCurl(request: HttpRequest): string {
  const parts = ['curl', '-sS', '-i', '-X', request.method, shellQuote(request.url)];

  for (const [name, value] of request.headers) {
    if (name.toLowerCase() === 'content-length') continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }

  if (request.body.length > 0) {
    const text = request.body.toString('utf8');
    const printable = Buffer.from(text, 'utf8').equals(request.body) && !/[\0]/.test(text);
    parts.push('--data-binary', printable ? shellQuote(text) : `@body-${request.body.length}-bytes.bin`);
  }
  return parts.join(' ');
}

export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
