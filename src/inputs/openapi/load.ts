import { readFileSync } from 'node:fs';
import { basename, resolve as resolvePath } from 'node:path';
import { $RefParser } from '@apidevtools/json-schema-ref-parser';
import { LineCounter, parseDocument, YAMLParseError } from 'yaml';
import { InputError } from '../../model/errors.js';
import { appendPointer, isRecord } from './pointer.js';

/** The part of the library's resolved-reference map sigprobe uses. */
interface RefMap {
  get(path: string): unknown;
  paths(): string[];
}

interface YamlDocument {
  document: ReturnType<typeof parseDocument>;
  lineCounter: LineCounter;
}

export type SpecVersion = '2.0' | '3.0' | '3.1';

/**
 * A loaded OpenAPI or Swagger document. `$ref`s are left in place and followed on
 * demand through the parser library's resolver: following only what the scan uses
 * keeps a 1,000-operation document fast and small, and circular schemas harmless.
 */
export interface SpecDocument {
  /** The file path or URL as the user gave it, for messages and locations. */
  file: string;
  version: SpecVersion;
  root: Record<string, unknown>;
  /** The value with its `$ref` chain followed (a `$ref` to a `$ref` included). */
  deref(value: unknown, pointer: string): unknown;
  /** The 1-based line of a JSON pointer in the document's text, when it can be found. */
  lineOf(pointer: string): number | undefined;
}

// A `$ref` whose value does not start with "#": a cheap test on the text that spares
// single-file documents (most big ones) a bundling pass.
const EXTERNAL_REF = /["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"']/;

/** How a `--spec` URL is fetched: through the scan's engine, never directly. */
export type SpecFetcher = (url: string) => Promise<string>;

export async function loadSpec(source: string, fetchText?: SpecFetcher): Promise<SpecDocument> {
  const isUrl = /^https?:\/\//i.test(source);
  const text = isUrl ? await fetchRequired(source, fetchText) : readSpecFile(source);
  const { root, yamlDocument } = parseText(source, text);
  const version = specVersion(source, root);
  if (!isRecord(root.paths) && version !== '3.1') {
    throw specError(source, '/paths', 'has no "paths" object');
  }

  // Files the document refers to are read by the library; URLs never are, because
  // every request sigprobe sends must go through its engine and scope guard.
  const base = isUrl ? source : resolvePath(source);
  const options = {
    resolve: { http: false as const, external: !isUrl },
    dereference: { circular: true as const },
  };
  let resolved: Record<string, unknown> = root;
  let refs: RefMap;
  try {
    if (!isUrl && EXTERNAL_REF.test(text)) {
      // Bundling turns references into other files into internal ones, so every
      // `$ref` (and the schema sampler) works on one document.
      resolved = (await $RefParser.bundle(base, root, options)) as Record<string, unknown>;
    }
    refs = await $RefParser.resolve(base, resolved, options);
  } catch (error) {
    throw specError(
      source,
      refPointer(error, root),
      `has a $ref that cannot be resolved: ${firstLine(error)}`,
    );
  }

  let lines: ((pointer: string) => number | undefined) | undefined;
  // Big specs refer to the same components thousands of times; each is looked up once.
  const targets = new Map<string, unknown>();
  return {
    file: source,
    version,
    root: resolved,
    deref: (value, pointer) => followRefs(source, refs, targets, value, pointer),
    lineOf: (pointer) => {
      lines ??= lineIndex(text, yamlDocument);
      return lines(pointer);
    },
  };
}

async function fetchRequired(url: string, fetchText: SpecFetcher | undefined): Promise<string> {
  if (!fetchText) throw new InputError('spec-url', `cannot fetch ${url}: no engine was given`);
  return fetchText(url);
}

function readSpecFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError('spec-file', `cannot read --spec ${file}: ${code}`);
  }
}

interface ParsedText {
  root: Record<string, unknown>;
  /** Kept for line lookups when the text was YAML (JSON is re-read only if asked). */
  yamlDocument?: YamlDocument;
}

function parseText(file: string, text: string): ParsedText {
  let value: unknown;
  let yamlDocument: YamlDocument | undefined;
  if (/^\s*[{[]/.test(text)) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError('spec-syntax', `${file}: not valid JSON: ${firstLine(error)}`);
    }
  } else {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, uniqueKeys: false });
    const problem = document.errors[0];
    if (problem) {
      const at =
        problem instanceof YAMLParseError && problem.linePos
          ? ` at line ${problem.linePos[0].line}`
          : '';
      throw new InputError('spec-syntax', `${file}: not valid YAML${at}: ${problem.code}`);
    }
    value = document.toJS({ maxAliasCount: 1000 });
    yamlDocument = { document, lineCounter };
  }
  if (!isRecord(value)) throw specError(file, '', 'is not an object');
  return { root: value, yamlDocument };
}

function specVersion(file: string, root: Record<string, unknown>): SpecVersion {
  if (root.swagger === '2.0') return '2.0';
  const openapi = typeof root.openapi === 'string' ? root.openapi : '';
  if (/^3\.0\.\d+/.test(openapi)) return '3.0';
  if (/^3\.1\.\d+/.test(openapi)) return '3.1';
  if (root.swagger !== undefined)
    throw specError(
      file,
      '/swagger',
      `version ${String(root.swagger)} is not supported (2.0 is)`,
    );
  if (root.openapi !== undefined)
    throw specError(file, '/openapi', `version ${openapi} is not supported (3.0 and 3.1 are)`);
  throw specError(
    file,
    '',
    'has neither an "openapi" nor a "swagger" field; is it an OpenAPI document?',
  );
}

function followRefs(
  file: string,
  refs: RefMap,
  cache: Map<string, unknown>,
  value: unknown,
  pointer: string,
): unknown {
  let current = value;
  let where = pointer;
  for (let hops = 0; isRecord(current) && typeof current.$ref === 'string'; hops += 1) {
    if (hops > 20) throw specError(file, where, 'has a $ref chain that never ends');
    const ref = current.$ref;
    try {
      current = cache.has(ref) ? cache.get(ref) : cache.set(ref, refs.get(ref)).get(ref);
    } catch (error) {
      throw specError(
        file,
        appendPointer(where, '$ref'),
        `refers to ${ref}, which cannot be resolved: ${firstLine(error)}`,
      );
    }
    where = ref.startsWith('#') ? ref.slice(1) : where;
  }
  return current;
}

/** A pointer → line lookup built from the text once, on the first finding that asks. */
function lineIndex(
  text: string,
  parsed?: YamlDocument,
): (pointer: string) => number | undefined {
  // JSON is not re-parsed as YAML for lines: on a 13 MB description that would cost
  // seconds and a gigabyte; a scan of the text along the pointer's keys is enough.
  if (!parsed) return (pointer) => jsonLine(text, pointerKeys(pointer));
  const { document, lineCounter } = parsed;
  return (pointer) => {
    const keys = pointerKeys(pointer);
    const node = document.getIn(keys, true) as { range?: [number, number, number] } | undefined;
    // The line of the key (`post:`), not of the value's first entry below it.
    const parent = keys.length > 0 ? findPair(document, keys) : undefined;
    const offset = parent ?? node?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
}

function pointerKeys(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Follows the keys through the JSON text, each searched after the previous one as
 * `"key":`. Keys along an OpenAPI pointer (paths, methods, component names) are
 * unique at their level, so the first match after the parent is the member itself.
 */
function jsonLine(text: string, keys: string[]): number | undefined {
  let offset = 0;
  for (const key of keys) {
    if (/^\d+$/.test(key)) break;
    const needle = JSON.stringify(key);
    let at = text.indexOf(needle, offset);
    while (
      at !== -1 &&
      !/^\s*:/.test(text.slice(at + needle.length, at + needle.length + 16))
    ) {
      at = text.indexOf(needle, at + needle.length);
    }
    if (at === -1) return undefined;
    offset = at;
  }
  let line = 1;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line += 1;
  }
  return line;
}

function findPair(
  document: ReturnType<typeof parseDocument>,
  keys: string[],
): number | undefined {
  const parentNode =
    keys.length > 1 ? document.getIn(keys.slice(0, -1), true) : document.contents;
  const items = (
    parentNode as { items?: Array<{ key?: { value?: unknown; range?: number[] } }> } | null
  )?.items;
  const last = keys[keys.length - 1];
  const pair = items?.find((item) => String(item.key?.value) === last);
  return pair?.key?.range?.[0];
}

/** Where the failing `$ref` is written: the library's path, else the first $ref to its file. */
function refPointer(error: unknown, root: Record<string, unknown>): string {
  const { path, source } = error as { path?: unknown; source?: unknown };
  if (Array.isArray(path))
    return path.reduce<string>((pointer, part) => appendPointer(pointer, String(part)), '');
  if (typeof source !== 'string') return '';
  const file = basename(source);
  return findRef(root, '', (ref) => ref.split('#')[0]!.endsWith(file)) ?? '';
}

function findRef(
  value: unknown,
  pointer: string,
  matches: (ref: string) => boolean,
): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findRef(item, appendPointer(pointer, index), matches);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if (typeof value.$ref === 'string' && matches(value.$ref))
    return appendPointer(pointer, '$ref');
  for (const [key, item] of Object.entries(value)) {
    const found = findRef(item, appendPointer(pointer, key), matches);
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

export function specError(file: string, pointer: string, message: string): InputError {
  return new InputError('spec-invalid', `${file}: #${pointer} ${message}`);
}
