import { readFileSync } from 'node:fs';
import { InputError } from '../model/errors.js';
import type { HttpRequest } from '../model/http.js';
import { parseCurlCommand } from './curl.js';
import { parseHar } from './har.js';
import { parseRawHttp } from './raw-http.js';

export type SampleFormat = 'har' | 'curl' | 'raw-http';

/** A captured request, byte for byte as it was signed, and where it came from. */
export interface Sample {
  request: HttpRequest;
  format: SampleFormat;
  /** The file, and the HAR entry when there was a choice ("sample.har entry 2"). */
  source: string;
}

export interface SampleOptions {
  /** HAR only: a 1-based entry number, or a URL (exact, else a unique substring). */
  entry?: string | number;
  /**
   * Raw HTTP only: the origin to send to when the request line has no absolute URL
   * (`https://api.example.com`). Without it the Host header is used with https, or
   * http when the host is a loopback address.
   */
  origin?: string;
}

/**
 * Reads `--sample`: a HAR 1.2 file, a file holding one `curl` command line, or a raw
 * HTTP/1.1 request. The format is recognised from the content, not the file name,
 * because captures are saved under any name.
 */
export function loadSample(path: string, options: SampleOptions = {}): Sample {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('sample-read', `cannot read --sample ${path}: ${code}`);
  }
  return parseSample(bytes, path, options);
}

export function parseSample(bytes: Buffer, path: string, options: SampleOptions = {}): Sample {
  const format = sampleFormat(bytes, path);
  if (options.entry !== undefined && format !== 'har') {
    throw new InputError(
      'sample-entry',
      `${path}: --entry applies to HAR files; this is a ${format} sample`,
    );
  }
  if (format === 'har') {
    const { request, index } = parseHar(bytes.toString('utf8'), path, options.entry);
    return { request, format, source: `${path} entry ${index + 1}` };
  }
  if (format === 'curl')
    return { request: parseCurlCommand(bytes.toString('utf8'), path), format, source: path };
  return { request: parseRawHttp(bytes, path, options.origin), format, source: path };
}

function sampleFormat(bytes: Buffer, path: string): SampleFormat {
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const firstLine = head
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  if (firstLine === undefined)
    throw new InputError('sample-empty', `${path}: the sample file is empty`);
  if (firstLine.startsWith('{')) return 'har';
  if (/^(\$\s*)?curl(\s|$)/.test(firstLine)) return 'curl';
  if (/^[A-Z]+ \S+ HTTP\/\d(\.\d)?$/.test(firstLine)) return 'raw-http';
  throw new InputError(
    'sample-format',
    `${path}: line 1: not a HAR file, a curl command or a raw HTTP/1.1 request ("${firstLine.slice(0, 40)}")`,
  );
}
