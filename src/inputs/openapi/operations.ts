import type { SpecDocument } from './load.js';
import { specError } from './load.js';
import { appendPointer, isRecord } from './pointer.js';

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;

export type ParameterPlace = 'path' | 'query' | 'header' | 'cookie';

export interface SpecParameter {
  name: string;
  in: ParameterPlace;
  required: boolean;
  /** The parameter's schema (OpenAPI 3) or the parameter itself (Swagger 2). */
  schema: unknown;
  /** An example the author wrote, when there is one. */
  example?: { value: unknown };
}

export interface SpecBody {
  contentType: string;
  schema?: unknown;
  example?: { value: unknown };
}

/** One operation of the document, with path-level and operation parameters merged. */
export interface SpecOperation {
  operationId?: string;
  method: string;
  pathTemplate: string;
  pointer: string;
  tags: string[];
  parameters: SpecParameter[];
  body?: SpecBody;
  /** The operation's own `security`, when it has one (it overrides the global one). */
  security?: unknown;
}

/** Every path and method of the document, in document order. */
export function listOperations(doc: SpecDocument): SpecOperation[] {
  const paths = doc.deref(doc.root.paths ?? {}, '/paths');
  if (!isRecord(paths)) throw specError(doc.file, '/paths', 'is not an object');
  const operations: SpecOperation[] = [];

  for (const [pathTemplate, rawItem] of Object.entries(paths)) {
    const itemPointer = appendPointer('/paths', pathTemplate);
    if (pathTemplate.startsWith('x-')) continue;
    const item = doc.deref(rawItem, itemPointer);
    if (!isRecord(item)) throw specError(doc.file, itemPointer, 'is not a Path Item object');
    const shared = readParameters(
      doc,
      item.parameters,
      appendPointer(itemPointer, 'parameters'),
    );

    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (raw === undefined) continue;
      const pointer = appendPointer(itemPointer, method);
      if (!isRecord(raw)) throw specError(doc.file, pointer, 'is not an Operation object');
      operations.push(readOperation(doc, raw, { method, pathTemplate, pointer, shared }));
    }
  }
  return operations;
}

interface OperationPlace {
  method: string;
  pathTemplate: string;
  pointer: string;
  shared: SpecParameter[];
}

function readOperation(
  doc: SpecDocument,
  raw: Record<string, unknown>,
  place: OperationPlace,
): SpecOperation {
  const own = readParameters(doc, raw.parameters, appendPointer(place.pointer, 'parameters'));
  // An operation's parameter replaces a path-level one with the same name and place.
  const merged = new Map<string, SpecParameter>();
  for (const parameter of [...place.shared, ...own])
    merged.set(`${parameter.in}:${parameter.name}`, parameter);

  const tags = Array.isArray(raw.tags)
    ? raw.tags.filter((tag): tag is string => typeof tag === 'string')
    : [];
  const operation: SpecOperation = {
    operationId: typeof raw.operationId === 'string' ? raw.operationId : undefined,
    method: place.method.toUpperCase(),
    pathTemplate: place.pathTemplate,
    pointer: place.pointer,
    tags,
    parameters: [...merged.values()],
    security: raw.security,
  };

  if (doc.version === '2.0') {
    operation.body = swaggerBody(doc, raw, place.pointer);
  } else if (raw.requestBody !== undefined) {
    operation.body = openApiBody(
      doc,
      raw.requestBody,
      appendPointer(place.pointer, 'requestBody'),
    );
  }
  return operation;
}

function readParameters(doc: SpecDocument, list: unknown, pointer: string): SpecParameter[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw specError(doc.file, pointer, 'is not an array');
  const parameters: SpecParameter[] = [];

  list.forEach((entry, index) => {
    const where = appendPointer(pointer, index);
    const raw = doc.deref(entry, where);
    if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.in !== 'string') {
      throw specError(doc.file, where, 'is not a Parameter object (it needs "name" and "in")');
    }
    // Swagger 2 body and form parameters become the request body instead.
    if (raw.in === 'body' || raw.in === 'formData') return;
    if (!['path', 'query', 'header', 'cookie'].includes(raw.in)) {
      throw specError(
        doc.file,
        appendPointer(where, 'in'),
        `has an unknown location "${raw.in}"`,
      );
    }
    parameters.push({
      name: raw.name,
      in: raw.in as ParameterPlace,
      required: raw.required === true || raw.in === 'path',
      schema: raw.schema ?? (doc.version === '2.0' ? raw : undefined),
      example: authoredExample(doc, raw, where),
    });
  });
  return parameters;
}

const CONTENT_PREFERENCE = [
  (type: string) => type === 'application/json',
  (type: string) => /[/+]json\b/.test(type),
  (type: string) => type === 'application/x-www-form-urlencoded',
  (type: string) => type.startsWith('text/'),
];

/** The content type a typical client would send, among those the operation accepts. */
export function preferredContentType(types: string[]): string | undefined {
  for (const matches of CONTENT_PREFERENCE) {
    const found = types.find((type) => matches(type.toLowerCase()));
    if (found) return found;
  }
  return types[0];
}

function openApiBody(
  doc: SpecDocument,
  rawBody: unknown,
  pointer: string,
): SpecBody | undefined {
  const body = doc.deref(rawBody, pointer);
  if (!isRecord(body) || !isRecord(body.content)) return undefined;
  const contentType = preferredContentType(Object.keys(body.content));
  if (!contentType) return undefined;
  const where = appendPointer(pointer, 'content', contentType);
  const media = doc.deref(body.content[contentType], where);
  if (!isRecord(media)) return { contentType };
  return { contentType, schema: media.schema, example: authoredExample(doc, media, where) };
}

function swaggerBody(
  doc: SpecDocument,
  raw: Record<string, unknown>,
  pointer: string,
): SpecBody | undefined {
  const consumes = (Array.isArray(raw.consumes) ? raw.consumes : doc.root.consumes) as unknown;
  const types = Array.isArray(consumes)
    ? consumes.filter((t): t is string => typeof t === 'string')
    : [];
  const list = Array.isArray(raw.parameters) ? raw.parameters : [];
  const parameters = list.map((entry, index) =>
    doc.deref(entry, appendPointer(pointer, 'parameters', index)),
  );

  const bodyParameter = parameters.find((p) => isRecord(p) && p.in === 'body');
  if (isRecord(bodyParameter)) {
    return {
      contentType: preferredContentType(types) ?? 'application/json',
      schema: bodyParameter.schema,
    };
  }
  const form = parameters.filter(
    (p): p is Record<string, unknown> => isRecord(p) && p.in === 'formData',
  );
  if (form.length === 0) return undefined;
  const properties = Object.fromEntries(form.map((field) => [String(field.name), field]));
  const required = form
    .filter((field) => field.required === true)
    .map((field) => String(field.name));
  const contentType =
    types.includes('multipart/form-data') &&
    !types.includes('application/x-www-form-urlencoded')
      ? 'multipart/form-data'
      : 'application/x-www-form-urlencoded';
  return { contentType, schema: { type: 'object', properties, required } };
}

/** `example`, else the first of `examples` (an OpenAPI 3 map, or a 3.1 schema array). */
function authoredExample(
  doc: SpecDocument,
  raw: Record<string, unknown>,
  pointer: string,
): { value: unknown } | undefined {
  if (raw.example !== undefined) return { value: raw.example };
  if (isRecord(raw.examples)) {
    const [name, first] = Object.entries(raw.examples)[0] ?? [];
    if (name === undefined) return undefined;
    const example = doc.deref(first, appendPointer(pointer, 'examples', name));
    if (isRecord(example) && example.value !== undefined) return { value: example.value };
  }
  return undefined;
}
