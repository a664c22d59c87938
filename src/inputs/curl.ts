import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../model/errors.js';
import type { HeaderList, HttpRequest } from '../model/http.js';
import { getHeader } from '../model/http.js';
import { requestHeaders } from './headers.js';
import { shellWords } from './shell-words.js';
import type { Word } from './shell-words.js';

type DataKind = 'ascii' | 'binary' | 'raw' | 'urlencode' | 'json';

const DATA_OPTIONS: Record<string, DataKind> = {
  '-d': 'ascii',
  '--data': 'ascii',
  '--data-ascii': 'ascii',
  '--data-binary': 'binary',
  '--data-raw': 'raw',
  '--data-urlencode': 'urlencode',
  '--json': 'json',
};

/** Options that change nothing in the request sent; their value, if any, is skipped. */
const IGNORED_FLAGS = new Set([
  '-s',
  '--silent',
  '-S',
  '--show-error',
  '-i',
  '--include',
  '-k',
  '--insecure',
  '-v',
  '--verbose',
  '-L',
  '--location',
  '--compressed',
  '-f',
  '--fail',
  '--http1.1',
  '--http1.0',
  '--http2',
  '-N',
  '--no-buffer',
  '-g',
  '--globoff',
  '-#',
  '--progress-bar',
  '--fail-with-body',
]);
const IGNORED_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-w',
  '--write-out',
  '--retry',
  '--cacert',
  '--resolve',
  '--proxy',
  '-x',
]);
const SHORT_WITH_VALUE = new Set([
  '-X',
  '-H',
  '-d',
  '-A',
  '-e',
  '-b',
  '-u',
  '-o',
  '-m',
  '-w',
  '-x',
]);

interface CurlState {
  method?: string;
  url?: string;
  headers: HeaderList;
  data: string[];
  dataBytes: Buffer[];
  json: boolean;
  get: boolean;
}

/**
 * The request a `curl` command line would send, with the body as exact bytes. Form
 * uploads (`-F`) are refused: curl picks a random multipart boundary, so the bytes
 * that were signed cannot be known from the command.
 */
export function parseCurlCommand(text: string, path: string): HttpRequest {
  const words = shellWords(text.replace(/^\uFEFF/, '').replace(/^\s*\$\s+/, ''), path);
  if (words[0]?.text !== 'curl')
    throw new InputError('curl-command', `${path}: line 1: the command is not curl`);
  const state: CurlState = { headers: [], data: [], dataBytes: [], json: false, get: false };
  const base = dirname(path);

  for (let i = 1; i < words.length; i += 1) {
    const word = words[i]!;
    const [option, attached] = splitShort(word.text);
    const value = (): Word => {
      if (attached !== undefined) return { text: attached, line: word.line };
      const next = words[i + 1];
      if (!next)
        throw new InputError(
          'curl-option',
          `${path}: line ${word.line}: ${option} needs a value`,
        );
      i += 1;
      return next;
    };
    applyOption(state, option, word, value, path, base);
  }
  return buildRequest(state, path);
}

function applyOption(
  state: CurlState,
  option: string,
  word: Word,
  value: () => Word,
  path: string,
  base: string,
): void {
  const at = `${path}: line ${word.line}`;
  if (option in DATA_OPTIONS) {
    const kind = DATA_OPTIONS[option]!;
    state.dataBytes.push(dataValue(kind, value().text, at, base));
    if (kind === 'json') state.json = true;
  } else if (option === '-X' || option === '--request') {
    state.method = value().text.toUpperCase();
  } else if (option === '-H' || option === '--header') {
    addHeader(state.headers, value().text, at);
  } else if (option === '--url') {
    setUrl(state, value().text, at);
  } else if (option === '-A' || option === '--user-agent') {
    state.headers.push(['User-Agent', value().text]);
  } else if (option === '-e' || option === '--referer') {
    state.headers.push(['Referer', value().text]);
  } else if (option === '-b' || option === '--cookie') {
    state.headers.push(['Cookie', value().text]);
  } else if (option === '-u' || option === '--user') {
    state.headers.push([
      'Authorization',
      `Basic ${Buffer.from(value().text).toString('base64')}`,
    ]);
  } else if (option === '-G' || option === '--get') {
    state.get = true;
  } else if (option === '-I' || option === '--head') {
    state.method = 'HEAD';
  } else if (option === '-F' || option === '--form') {
    throw new InputError(
      'curl-form',
      `${at}: ${option} (multipart) is not supported: its boundary is random, so the signed bytes are unknown; capture the request as HAR`,
    );
  } else if (IGNORED_WITH_VALUE.has(option)) {
    value();
  } else if (IGNORED_FLAGS.has(option)) {
    return;
  } else if (
    option.startsWith('-') &&
    /^-[a-zA-Z]{2,}$/.test(option) &&
    [...option.slice(1)].every((c) => IGNORED_FLAGS.has(`-${c}`))
  ) {
    return;
  } else if (option.startsWith('-')) {
    throw new InputError(
      'curl-option',
      `${at}: curl option ${option} is not supported in a sample`,
    );
  } else {
    setUrl(state, word.text, at);
  }
}

/** `-XPOST` and `-H'X: 1'` carry their value attached to the flag. */
function splitShort(text: string): [string, string | undefined] {
  if (/^-[A-Za-z]./.test(text) && SHORT_WITH_VALUE.has(text.slice(0, 2)))
    return [text.slice(0, 2), text.slice(2)];
  return [text, undefined];
}

function setUrl(state: CurlState, url: string, at: string): void {
  if (state.url !== undefined)
    throw new InputError('curl-urls', `${at}: the command names more than one URL`);
  state.url = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  if (!/^https?:\/\//i.test(state.url))
    throw new InputError('curl-url', `${at}: "${url}" is not an http(s) URL`);
}

function addHeader(headers: HeaderList, text: string, at: string): void {
  if (text.startsWith('@'))
    throw new InputError(
      'curl-header',
      `${at}: -H @file is not supported; put the headers inline`,
    );
  // curl: "Name;" sends an empty header, "Name:" with nothing after removes it.
  const semicolon = /^([^:;\s]+);\s*$/.exec(text);
  if (semicolon) {
    headers.push([semicolon[1]!, '']);
    return;
  }
  const colon = text.indexOf(':');
  if (colon <= 0)
    throw new InputError(
      'curl-header',
      `${at}: header "${text.slice(0, 40)}" has no "name: value"`,
    );
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (value === '') return;
  headers.push([name, value]);
}

/**
 * What one data option adds, as curl does it: -d/--data read @files with CR and LF
 * removed; --data-binary keeps them; --data-raw takes "@" literally.
 */
function dataValue(kind: DataKind, text: string, at: string, base: string): Buffer {
  if (kind === 'raw') return Buffer.from(text, 'utf8');
  if (kind === 'urlencode') return Buffer.from(urlEncodeData(text, at, base), 'utf8');
  if (!text.startsWith('@')) return Buffer.from(text, 'utf8');
  const file = readData(text.slice(1), at, base);
  return kind === 'ascii'
    ? Buffer.from(file.toString('latin1').replace(/[\r\n]/g, ''), 'latin1')
    : file;
}

function urlEncodeData(text: string, at: string, base: string): string {
  const equals = text.indexOf('=');
  const atSign = text.indexOf('@');
  if (equals >= 0 && (atSign < 0 || equals < atSign)) {
    const name = text.slice(0, equals);
    const content = encodeURIComponent(text.slice(equals + 1));
    return name ? `${name}=${content}` : content;
  }
  if (atSign >= 0) {
    const name = text.slice(0, atSign);
    const content = encodeURIComponent(
      readData(text.slice(atSign + 1), at, base).toString('utf8'),
    );
    return name ? `${name}=${content}` : content;
  }
  return encodeURIComponent(text);
}

function readData(file: string, at: string, base: string): Buffer {
  if (file === '-')
    throw new InputError(
      'curl-data',
      `${at}: data from stdin (@-) cannot be read from a sample`,
    );
  try {
    return readFileSync(resolve(base, file));
  } catch (error) {
    throw new InputError(
      'curl-data',
      `${at}: cannot read data file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

function buildRequest(state: CurlState, path: string): HttpRequest {
  if (state.url === undefined)
    throw new InputError('curl-url', `${path}: the curl command has no URL`);
  const hasData = state.dataBytes.length > 0;
  const joined = Buffer.concat(
    state.dataBytes.flatMap((part, i) => (i ? [Buffer.from('&'), part] : [part])),
  );
  const headers = [...state.headers];

  if (state.get && hasData) {
    const separator = state.url.includes('?') ? '&' : '?';
    return {
      method: state.method ?? 'GET',
      url: state.url + separator + joined.toString('utf8'),
      headers: requestHeaders(headers),
      body: Buffer.alloc(0),
    };
  }
  if (hasData && getHeader(headers, 'content-type') === undefined) {
    headers.push([
      'Content-Type',
      state.json ? 'application/json' : 'application/x-www-form-urlencoded',
    ]);
  }
  if (state.json && getHeader(headers, 'accept') === undefined)
    headers.push(['Accept', 'application/json']);
  return {
    method: state.method ?? (hasData ? 'POST' : 'GET'),
    url: state.url,
    headers: requestHeaders(headers),
    body: hasData ? joined : Buffer.alloc(0),
  };
}
