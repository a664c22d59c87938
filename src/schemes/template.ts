import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { InputError } from '../model/errors.js';
import { getHeader } from '../model/http.js';
import type { HttpRequest } from '../model/http.js';
import { ComposedScheme } from './composed.js';
import type { SchemeDefinition } from './definition.js';
import type { TimestampFormat } from './hmac-scheme.js';
import { join } from './parts.js';
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

function partBytes(
  part: string,
  request: HttpRequest,
  fields: { timestamp?: string; id?: string },
  parsed: () => URL,
): Buffer | string {
  if (part === 'body') return request.body;
  if (part === 'timestamp') return fields.timestamp ?? '';
  if (part === 'id') return fields.id ?? '';
  if (part === 'method') return request.method.toUpperCase();
  if (part === 'path') return parsed().pathname;
  if (part === 'query') return parsed().search.slice(1);
  if (part === 'url') return request.url;
  if (part === 'host') return parsed().host;
  if (part.startsWith('header:')) return getHeader(request.headers, part.slice(7)) ?? '';
  return part.slice('literal:'.length);
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
    message: (request, fields) => {
      let url: URL | undefined;
      const parsed = () => (url ??= new URL(request.url));
      const bytes: Array<Buffer | string> = [];
      config.parts.forEach((part, i) => {
        if (i > 0 && separator) bytes.push(separator);
        bytes.push(partBytes(part, request, fields, parsed));
      });
      return join(...bytes);
    },
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
