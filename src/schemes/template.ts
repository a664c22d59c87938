import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { InputError } from '../model/errors.js';
import { getHeader } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import { ComposedScheme } from './composed.js';
import type { SchemeDefinition } from './definition.js';
import type { TimestampFormat } from './hmac-scheme.js';
import type { Message } from './hmac.js';
import type { Digest, Encoding, RequestPart } from './types.js';

/** An in-house scheme as the user describes it in a small JSON or YAML file. */
export interface TemplateConfig {
  signatureHeader: string;
  timestampHeader?: string;
  idHeader?: string;
  digest: Digest;
  encoding: Encoding;
  prefix?: string;
  /** Ordered parts of the signed message; see PART_PATTERN. */
  parts: string[];
  separator?: string;
  timestampFormat?: TimestampFormat;
  windowSeconds?: number;
}

const PART_PATTERN =
  "^(body|timestamp|id|method|path|query|url|host|header:[!#$%&'*+.^_`|~0-9A-Za-z-]+|literal:.*)$";

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['signatureHeader', 'digest', 'encoding', 'parts'],
  properties: {
    signatureHeader: { type: 'string', minLength: 1 },
    timestampHeader: { type: 'string', minLength: 1 },
    idHeader: { type: 'string', minLength: 1 },
    digest: { enum: ['sha1', 'sha256', 'sha512'] },
    encoding: { enum: ['hex', 'base64'] },
    prefix: { type: 'string' },
    parts: { type: 'array', minItems: 1, items: { type: 'string', pattern: PART_PATTERN } },
    separator: { type: 'string' },
    timestampFormat: { enum: ['seconds', 'milliseconds', 'iso'] },
    windowSeconds: { type: 'integer', minimum: 1 },
  },
} as const;

const validate = new Ajv({ allErrors: false }).compile<TemplateConfig>(SCHEMA);

/** Reads and validates a template file; errors name the file and the bad field. */
export function loadTemplate(path: string): TemplateConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(
      'template-read',
      `cannot read --scheme-file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new InputError(
      'template-syntax',
      `${path}${line ? `: line ${line}` : ''}: not valid JSON or YAML`,
    );
  }
  return checkTemplate(value, path);
}

export function checkTemplate(value: unknown, path: string): TemplateConfig {
  if (!validate(value)) {
    const error = validate.errors![0]!;
    const field = error.instancePath
      ? error.instancePath.slice(1).replace(/\//g, '.')
      : '(top level)';
    const detail =
      error.keyword === 'additionalProperties'
        ? `unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`
        : error.keyword === 'enum'
          ? `must be one of ${(error.params as { allowedValues: string[] }).allowedValues.join(', ')}`
          : error.keyword === 'pattern'
            ? 'must be body, timestamp, id, method, path, query, url, host, header:<name> or literal:<text>'
            : (error.message ?? 'is invalid');
    throw new InputError('template-field', `${path}: ${field}: ${detail}`);
  }
  const needs = (part: string, header: keyof TemplateConfig) => {
    if (value.parts.includes(part) && !value[header]) {
      throw new InputError(
        'template-field',
        `${path}: parts: "${part}" is signed but ${header} is not set`,
      );
    }
  };
  needs('timestamp', 'timestampHeader');
  needs('id', 'idHeader');
  return value;
}

/** One part of the signed message, as a function of the request, its fields and URL. */
type PartGetter = (
  request: HttpRequest,
  fields: { timestamp?: string; id?: string },
  url: URL | undefined,
) => Buffer | string;

const URL_PARTS = new Set(['path', 'query', 'host']);

function partGetter(part: string): PartGetter | string {
  if (part === 'body') return (request) => request.body;
  if (part === 'timestamp') return (_, fields) => fields.timestamp ?? '';
  if (part === 'id') return (_, fields) => fields.id ?? '';
  if (part === 'method') return (request) => request.method.toUpperCase();
  if (part === 'path') return (_, __, url) => url!.pathname;
  if (part === 'query') return (_, __, url) => url!.search.slice(1);
  if (part === 'url') return (request) => request.url;
  if (part === 'host') return (_, __, url) => url!.host;
  if (part.startsWith('header:')) {
    const name = part.slice(7);
    return (request) => getHeader(request.headers, name) ?? '';
  }
  return part.slice('literal:'.length);
}

/**
 * The template compiled once: its parts in order with the separators between them,
 * constant text (literals, separators) kept as text. Signing runs the getters and
 * joins neighbouring text, so each signature feeds the HMAC as few updates as the
 * Buffer parts (the body) allow: text is UTF-8 either way, so the bytes are the same.
 */
function compileMessage(parts: string[], separator: string) {
  const steps: Array<PartGetter | string> = [];
  parts.forEach((part, i) => {
    if (i > 0 && separator) steps.push(separator);
    steps.push(partGetter(part));
  });
  const needsUrl = parts.some((part) => URL_PARTS.has(part));
  return (request: HttpRequest, fields: { timestamp?: string; id?: string }): Message => {
    const url = needsUrl ? new URL(request.url) : undefined;
    const message: Array<Buffer | string> = [];
    let text = '';
    for (const step of steps) {
      const value = typeof step === 'string' ? step : step(request, fields, url);
      if (typeof value === 'string') {
        text += value;
      } else {
        if (text) message.push(text);
        text = '';
        message.push(value);
      }
    }
    if (text) message.push(text);
    return message;
  };
}

function coveredParts(parts: string[]): RequestPart[] {
  const covers = new Set<RequestPart>();
  for (const part of parts) {
    if (part === 'url') ['host', 'path', 'query'].forEach((p) => covers.add(p as RequestPart));
    else if (part.startsWith('header:')) covers.add(`header:${part.slice(7).toLowerCase()}`);
    else if (!part.startsWith('literal:')) covers.add(part as RequestPart);
  }
  return [...covers];
}

export function templateScheme(config: TemplateConfig): ComposedScheme {
  const separator = config.separator ?? '';
  return new ComposedScheme({
    id: 'template',
    title: `Template scheme (${config.digest}, ${config.encoding}, ${config.parts.join(` ${JSON.stringify(separator)} `)})`,
    signatureHeader: config.signatureHeader,
    timestampHeader: config.timestampHeader,
    idHeader: config.idHeader,
    usesTimestamp: config.parts.includes('timestamp') || config.timestampHeader !== undefined,
    usesId: config.parts.includes('id') || config.idHeader !== undefined,
    layout: 'prefixed',
    prefix: config.prefix ?? '',
    digest: config.digest,
    encoding: config.encoding,
    timestampFormat: config.timestampFormat,
    windowSeconds: config.windowSeconds,
    covers: coveredParts(config.parts),
    message: compileMessage(config.parts, separator),
  });
}

export const template: SchemeDefinition = {
  id: 'template',
  title: 'Template: an in-house scheme described in a JSON/YAML file (--scheme-file)',
  build: (o) => {
    if (!o.template)
      throw new InputError(
        'template-missing',
        '--scheme template needs --scheme-file <path.yaml|json>',
      );
    const config = { ...o.template };
    if (o.signatureHeader) config.signatureHeader = o.signatureHeader;
    if (o.timestampHeader) config.timestampHeader = o.timestampHeader;
    if (o.idHeader) config.idHeader = o.idHeader;
    if (o.tag !== undefined) config.prefix = o.tag === '' ? '' : `${o.tag}=`;
    return templateScheme(config);
  },
};
