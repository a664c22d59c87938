import type { HttpRequest } from '../model/http.js';

/** A `curl` command that sends exactly this request, for a finding's reproduction. */
export function toCurl(request: HttpRequest): string {
  const parts = ['curl', '-sS', '-i', '-X', request.method, shellQuote(request.url)];

  for (const [name, value] of request.headers) {
    if (name.toLowerCase() === 'content-length') continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }

  if (request.body.length === 0) return parts.join(' ');
  const text = request.body.toString('utf8');
  const printable = Buffer.from(text, 'utf8').equals(request.body) && !text.includes('\0');
  if (printable) return [...parts, '--data-binary', shellQuote(text)].join(' ');

  // Bytes a shell argument cannot carry (NUL, invalid UTF-8) go through printf's
  // escapes on stdin, so the command still sends exactly the bytes that were signed.
  return `printf '${printfEscape(request.body)}' | ${[...parts, '--data-binary', '@-'].join(' ')}`;
}

function printfEscape(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    const printable =
      byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c && byte !== 0x25;
    out += printable ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
