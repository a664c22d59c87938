import { parseDocument } from 'yaml';
import { InputError } from '../model/errors.js';
import type { HeaderList, HttpRequest } from '../model/http.js';
import { requestHeaders } from './headers.js';

interface HarEntryChoice {
  request: HttpRequest;
  /** 0-based position in log.entries. */
  index: number;
}

/**
 * One request of a HAR 1.2 file. A file with one entry needs no choice; otherwise the
 * user names the entry by its 1-based number or its URL.
 */
export function parseHar(
  text: string,
  path: string,
  entry: string | number | undefined,
): HarEntryChoice {
  const root = parseJson(text, path);
  const entries = field(root, 'log', path, '');
  const list = field(entries, 'entries', path, 'log');
  if (!Array.isArray(list))
    throw new InputError('har-shape', `${path}: log.entries is not a list`);
  if (list.length === 0) throw new InputError('har-empty', `${path}: log.entries is empty`);

  const index = chooseEntry(list, path, entry);
  return { request: harRequest(list[index], path, `log.entries[${index}]`), index };
}

function chooseEntry(
  list: unknown[],
  path: string,
  entry: string | number | undefined,
): number {
  if (entry === undefined) {
    if (list.length === 1) return 0;
    throw new InputError(
      'har-entry-needed',
      `${path}: the HAR has ${list.length} entries; choose one with --entry <number 1-${list.length}> or --entry <url>`,
    );
  }
  const number =
    typeof entry === 'number' ? entry : /^\d+$/.test(entry) ? Number(entry) : undefined;
  if (number !== undefined) {
    if (number < 1 || number > list.length) {
      throw new InputError(
        'har-entry-range',
        `${path}: --entry ${number} is out of range; the HAR has entries 1-${list.length}`,
      );
    }
    return number - 1;
  }

  const urls = list.map((item) => {
    const url = (item as { request?: { url?: unknown } } | null)?.request?.url;
    return typeof url === 'string' ? url : '';
  });
  const exact = urls.flatMap((url, i) => (url === entry ? [i] : []));
  const matches =
    exact.length > 0
      ? exact
      : urls.flatMap((url, i) => (url.includes(String(entry)) ? [i] : []));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new InputError('har-entry-url', `${path}: no entry's URL matches --entry "${entry}"`);
  throw new InputError(
    'har-entry-ambiguous',
    `${path}: ${matches.length} entries match --entry "${entry}" (numbers ${matches.map((i) => i + 1).join(', ')}); give the number`,
  );
}

function harRequest(entry: unknown, path: string, place: string): HttpRequest {
  const request = field(entry, 'request', path, place);
  const method = field(request, 'method', path, `${place}.request`);
  const url = field(request, 'url', path, `${place}.request`);
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) {
    throw new InputError(
      'har-method',
      `${path}: ${place}.request.method is not an HTTP method`,
    );
  }
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new InputError('har-url', `${path}: ${place}.request.url is not an http(s) URL`);
  }

  const rawHeaders = field(request, 'headers', path, `${place}.request`);
  if (!Array.isArray(rawHeaders))
    throw new InputError('har-headers', `${path}: ${place}.request.headers is not a list`);
  const headers: HeaderList = rawHeaders.map((header, i) => {
    const { name, value } = (header ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new InputError(
        'har-header',
        `${path}: ${place}.request.headers[${i}] needs a string name and value`,
      );
    }
    return [name, value];
  });

  const body = harBody(
    (request as { postData?: unknown }).postData,
    path,
    `${place}.request.postData`,
  );
  return { method: method.toUpperCase(), url, headers: requestHeaders(headers), body };
}

/**
 * The body bytes. `text` is the body as captured; some tools add `encoding: "base64"`
 * (not in HAR 1.2, common in practice) for binary bodies. Only `params` is rebuilt.
 */
function harBody(postData: unknown, path: string, place: string): Buffer {
  if (postData === undefined || postData === null) return Buffer.alloc(0);
  if (typeof postData !== 'object')
    throw new InputError('har-postdata', `${path}: ${place} is not an object`);
  const { text, encoding, params } = postData as {
    text?: unknown;
    encoding?: unknown;
    params?: unknown;
  };

  if (typeof text === 'string') {
    if (encoding === 'base64') return Buffer.from(text, 'base64');
    if (encoding !== undefined)
      throw new InputError(
        'har-encoding',
        `${path}: ${place}.encoding "${String(encoding)}" is not supported (only base64)`,
      );
    return Buffer.from(text, 'utf8');
  }
  if (Array.isArray(params) && params.length > 0) {
    const form = new URLSearchParams();
    params.forEach((param, i) => {
      const { name, value } = (param ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== 'string')
        throw new InputError(
          'har-param',
          `${path}: ${place}.params[${i}].name is not a string`,
        );
      form.append(name, typeof value === 'string' ? value : '');
    });
    return Buffer.from(form.toString(), 'utf8');
  }
  return Buffer.alloc(0);
}

function parseJson(text: string, path: string): unknown {
  const clean = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(clean);
  } catch (error) {
    // Node 20's JSON errors carry no position; the YAML parser (JSON is YAML) finds the line.
    const line = parseDocument(clean).errors[0]?.linePos?.[0].line;
    const where = line ? ` at line ${line}` : '';
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(
      'har-json',
      `${path}: not valid JSON${where}: ${message.split('\n')[0]}`,
    );
  }
}

function field(value: unknown, name: string, path: string, place: string): unknown {
  const where = place ? `${place}.${name}` : name;
  if (value === null || typeof value !== 'object' || !(name in value)) {
    throw new InputError('har-shape', `${path}: ${where} is missing; is this a HAR 1.2 file?`);
  }
  return (value as Record<string, unknown>)[name];
}
