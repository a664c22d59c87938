import { InputError } from '../model/errors.js';
import type { SpecLocation } from '../model/finding.js';
import type { SchemeOverrides } from '../schemes/types.js';
import { loadSpec } from '../inputs/openapi/load.js';
import type { SpecDocument, SpecFetcher } from '../inputs/openapi/load.js';
import { listOperations } from '../inputs/openapi/operations.js';
import type { SpecOperation } from '../inputs/openapi/operations.js';
import { buildRequestParts, fillPath } from '../inputs/openapi/samples.js';
import { SecurityModel } from '../inputs/openapi/security.js';
import type { OperationSecurity } from '../inputs/openapi/security.js';
import { resolveBaseUrl } from '../inputs/openapi/servers.js';
import { isStateChanging } from '../checks/support/spec-proof.js';
import type { Endpoint } from './target.js';

export interface SpecPlanOptions {
  spec: string;
  /** The target URL: its origin is where every operation is sent. */
  target: string;
  server?: string;
  /** Keep only these operations: an `operationId` or "METHOD /path/template". */
  operations?: string[];
  /** Keep only operations with one of these tags. */
  tags?: string[];
  userScheme?: string;
  userOverrides?: SchemeOverrides;
  fetchText?: SpecFetcher;
  /** `--safe`: never probe an operation a correct server would act on. */
  safe?: boolean;
}

export interface SpecPlan {
  doc: SpecDocument;
  baseUrl: string;
  /** Every operation of the document, before filters. */
  operationsTotal: number;
  endpoints: Endpoint[];
  /** Path templates the spec documents, for the undocumented-route probe. */
  documentedPaths: string[];
  unusedSchemes: Array<{ name: string; location: SpecLocation }>;
}

/**
 * Turns a spec into the endpoints a scan probes: one per operation, each with a
 * request the API would accept apart from its credentials, the scheme its security
 * maps to, and the facts the spec-level checks read.
 */
export async function planSpecScan(options: SpecPlanOptions): Promise<SpecPlan> {
  const doc = await loadSpec(options.spec, options.fetchText);
  const baseUrl = resolveBaseUrl(doc, options.target, options.server);
  const security = new SecurityModel(doc, {
    userScheme: options.userScheme,
    userOverrides: options.userOverrides,
  });
  const operations = listOperations(doc);
  if (operations.length === 0) {
    // OpenAPI 3.1 `webhooks` describe requests the API sends, not ones it receives.
    throw new InputError('no-operations', `${doc.file}: #/paths has no operations to scan`);
  }
  const resolved = operations.map((operation) => ({
    operation,
    security: security.resolve(operation),
  }));
  const secured = resolved.filter(
    ({ security: s }) => s.kind === 'signed' || s.kind === 'credential',
  );

  const chosen = filterOperations(resolved, options);
  const endpoints = chosen.map(({ operation, security: s }) =>
    toEndpoint(
      doc,
      baseUrl,
      operation,
      s,
      secured.some((other) => other.operation !== operation),
      options.safe ?? false,
    ),
  );

  const methodsByPath = new Map<string, string[]>();
  for (const operation of operations) {
    const methods = methodsByPath.get(operation.pathTemplate) ?? [];
    methods.push(operation.method.toUpperCase());
    methodsByPath.set(operation.pathTemplate, methods);
  }
  for (const endpoint of endpoints) {
    if (endpoint.spec)
      endpoint.spec.pathMethods = methodsByPath.get(endpoint.spec.pathTemplate);
  }

  return {
    doc,
    baseUrl,
    operationsTotal: operations.length,
    endpoints,
    documentedPaths: [...new Set(operations.map((operation) => operation.pathTemplate))],
    unusedSchemes: security
      .unusedSchemes()
      .map(({ name, pointer }) => ({ name, location: locate(doc, pointer) })),
  };
}

function filterOperations<T extends { operation: SpecOperation }>(
  list: T[],
  options: SpecPlanOptions,
): T[] {
  const wanted = options.operations?.map((name) => name.trim()).filter(Boolean);
  const tags = options.tags?.map((tag) => tag.trim()).filter(Boolean);
  let chosen = list;

  if (wanted?.length) {
    const matches = (operation: SpecOperation, name: string) =>
      operation.operationId === name ||
      `${operation.method} ${operation.pathTemplate}` ===
        name.replace(/^(\S+)/, (m) => m.toUpperCase());
    const unknown = wanted.filter(
      (name) => !list.some(({ operation }) => matches(operation, name)),
    );
    if (unknown.length) {
      throw new InputError(
        'unknown-operation',
        `--operations: no operation "${unknown[0]}" in the spec; ` +
          'give an operationId or "METHOD /path"',
      );
    }
    chosen = chosen.filter(({ operation }) => wanted.some((name) => matches(operation, name)));
  }
  if (tags?.length)
    chosen = chosen.filter(({ operation }) => operation.tags.some((tag) => tags.includes(tag)));
  if (chosen.length === 0)
    throw new InputError(
      'no-operations',
      'no operation of the spec is left after --operations/--tags',
    );
  return chosen;
}

function toEndpoint(
  doc: SpecDocument,
  baseUrl: string,
  operation: SpecOperation,
  security: OperationSecurity,
  apiSecuresOthers: boolean,
  safe: boolean,
): Endpoint {
  const parts = buildRequestParts(doc, operation);
  const url = withQuery(`${baseUrl}${parts.path}`, parts.query);
  const variantValues = parts.pathParameters.map(({ name, value }) => ({
    name,
    value: `${value}-sigprobe`,
  }));
  const label = `${operation.method} ${operation.pathTemplate}`;

  return {
    method: operation.method,
    url,
    headers: parts.headers,
    body: parts.body,
    operation: operation.operationId ? `${operation.operationId} (${label})` : label,
    signingEvidence:
      security.kind === 'signed'
        ? `the spec secures this operation with "${security.schemeName}" ` +
          `(${security.scheme?.id} scheme)`
        : undefined,
    scheme: security.scheme,
    spec: {
      operationId: operation.operationId,
      method: operation.method,
      pathTemplate: operation.pathTemplate,
      tags: operation.tags,
      security: security.kind,
      securityExplicit: security.explicit,
      securityPointer: security.pointer,
      schemeNames: [...new Set(security.alternatives.flat())],
      undefinedSchemes: security.undefinedNames,
      apiSecuresOthers,
      notProbed: notProbedReason(operation, security, apiSecuresOthers, safe),
      variantUrl: variantValues.length
        ? withQuery(`${baseUrl}${fillPath(operation.pathTemplate, variantValues)}`, parts.query)
        : undefined,
      location: () => locate(doc, operation.pointer),
    },
  };
}

/**
 * Operations no probe can learn anything from are not sent at all: optional (`{}`)
 * and declared-public (`security: []`) ones, and reads without security. A write
 * with no security at all is probed (unauthenticated-operation), except under
 * --safe, where a correct server would act on it.
 */
function notProbedReason(
  operation: SpecOperation,
  security: OperationSecurity,
  apiSecuresOthers: boolean,
  safe: boolean,
): string | undefined {
  if (security.kind === 'optional') return 'security is optional ({}) in the spec';
  if (security.kind !== 'none') return undefined;
  if (security.explicit) return 'the spec declares it public (security: [])';
  if (!isStateChanging(operation.method)) return 'a read the spec does not secure';
  if (!apiSecuresOthers) return 'no operation of the API is secured in the spec';
  if (safe) return '--safe: a write the spec does not secure would be acted on';
  return undefined;
}

function withQuery(url: string, query: Array<[string, string]>): string {
  if (query.length === 0) return url;
  return `${url}?${new URLSearchParams(query).toString()}`;
}

function locate(doc: SpecDocument, pointer: string): SpecLocation {
  const line = doc.lineOf(pointer);
  return line === undefined ? { file: doc.file, pointer } : { file: doc.file, pointer, line };
}
