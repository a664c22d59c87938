import { sample } from 'openapi-sampler';
import type { SpecDocument } from './load.js';
import type { SpecBody, SpecOperation, SpecParameter } from './operations.js';
import { isRecord } from './pointer.js';

/** The parts of a request an operation's spec fills in, before any signature. */
export interface RequestParts {
  path: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body: Buffer;
  pathParameters: Array<{ name: string; value: string }>;
}

// Headers the engine or the probes own; a spec's value for them would fight ours.
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'authorization',
  'cookie',
  'accept',
]);

/**
 * A request the API would accept apart from its credentials: each value is the
 * author's example, default or first enum value, else one the sampler library makes
 * from the schema. Optional query and header parameters are left out.
 */
export function buildRequestParts(doc: SpecDocument, operation: SpecOperation): RequestParts {
  const pathParameters: RequestParts['pathParameters'] = [];
  const query: RequestParts['query'] = [];
  const headers: RequestParts['headers'] = [];
  const cookies: string[] = [];

  for (const parameter of operation.parameters) {
    if (!parameter.required) continue;
    const value = asText(parameterValue(doc, parameter));
    if (parameter.in === 'path') pathParameters.push({ name: parameter.name, value });
    else if (parameter.in === 'query') query.push([parameter.name, value]);
    else if (parameter.in === 'cookie')
      cookies.push(`${parameter.name}=${encodeURIComponent(value)}`);
    else if (!RESERVED_HEADERS.has(parameter.name.toLowerCase()))
      headers.push([parameter.name, value]);
  }
  if (cookies.length) headers.push(['Cookie', cookies.join('; ')]);

  const body = operation.body
    ? encodeBody(operation.body, bodyValue(doc, operation.body))
    : Buffer.alloc(0);
  if (operation.body && body.length)
    headers.unshift(['Content-Type', operation.body.contentType]);
  return {
    path: fillPath(operation.pathTemplate, pathParameters),
    query,
    headers,
    body,
    pathParameters,
  };
}

export function fillPath(
  template: string,
  values: Array<{ name: string; value: string }>,
): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const found = values.find((entry) => entry.name === name);
    return encodeURIComponent(found?.value ?? 'sigprobe');
  });
}

function parameterValue(doc: SpecDocument, parameter: SpecParameter): unknown {
  if (parameter.example) return parameter.example.value;
  const schema = doc.deref(parameter.schema, '');
  const authored = schemaHint(schema);
  if (authored) return authored.value;
  return sampleSchema(doc, schema) ?? 'sigprobe';
}

function bodyValue(doc: SpecDocument, body: SpecBody): unknown {
  if (body.example) return body.example.value;
  if (body.schema === undefined) return {};
  return sampleSchema(doc, body.schema) ?? {};
}

/** `example`, `examples[0]`, `default` or `enum[0]` written on the schema itself. */
function schemaHint(schema: unknown): { value: unknown } | undefined {
  if (!isRecord(schema)) return undefined;
  if (schema.example !== undefined) return { value: schema.example };
  if (Array.isArray(schema.examples) && schema.examples.length)
    return { value: schema.examples[0] };
  if (schema.default !== undefined) return { value: schema.default };
  if (Array.isArray(schema.enum) && schema.enum.length) return { value: schema.enum[0] };
  return undefined;
}

function sampleSchema(doc: SpecDocument, schema: unknown): unknown {
  if (!isRecord(schema)) return undefined;
  // The sampler follows internal $refs itself, stops at circular ones and prefers
  // the schema's own examples, defaults and enums over made-up values. A few of its
  // warnings ignore `quiet` and go to console.warn: they are muted for the call,
  // because sigprobe's stdout/stderr carry reports and progress only.
  /* eslint-disable no-console -- silencing a library, not printing */
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return sample(
      schema as never,
      { skipReadOnly: true, quiet: true, maxSampleDepth: 8 },
      doc.root,
    );
  } catch {
    return undefined;
  } finally {
    console.warn = warn;
  }
  /* eslint-enable no-console */
}

function encodeBody(body: SpecBody, value: unknown): Buffer {
  const type = body.contentType.toLowerCase();
  if (type.includes('json')) return Buffer.from(JSON.stringify(value ?? {}));
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    const form = new URLSearchParams();
    if (isRecord(value))
      for (const [key, item] of Object.entries(value)) form.append(key, asText(item));
    return Buffer.from(form.toString());
  }
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value ?? ''));
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(asText).join(',');
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
