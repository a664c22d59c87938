import { randomBytes } from 'node:crypto';
import { sameAnswer } from '../analysis/fingerprint.js';
import type { HttpEngine } from '../http/engine.js';
import type { SpecLocation } from '../model/finding.js';
import type { Exchange } from '../model/http.js';
import type { Endpoint } from './target.js';

/**
 * Paths where webhook receivers usually live. Kept short on purpose: this is a
 * bounded check for a forgotten receiver next to a documented API, not a crawler.
 */
export const WEBHOOK_PATHS = [
  '/webhook',
  '/webhooks',
  '/hooks',
  '/callback',
  '/events',
  '/notifications',
];

export interface DiscoveryInput {
  engine: HttpEngine;
  baseUrl: string;
  documentedPaths: string[];
  /** The JSON event every probe carries (the same as a single-URL scan's default). */
  body: Buffer;
  location: SpecLocation;
}

/**
 * One unsigned `POST <base><path>` with a small JSON event per candidate path absent
 * from the spec, plus one to a random path as the control. A candidate whose answer
 * is neither 404/405 nor the control's becomes an endpoint the scan checks like any
 * other (it is marked undocumented); nothing is reported from this step alone.
 */
export async function discoverWebhookRoutes(input: DiscoveryInput): Promise<Endpoint[]> {
  const documented = new Set(input.documentedPaths.map((path) => path.replace(/\/+$/, '')));
  const candidates = WEBHOOK_PATHS.filter((path) => !documented.has(path));
  if (candidates.length === 0) return [];

  const headers: Array<[string, string]> = [['Content-Type', 'application/json']];
  const send = (path: string, label: string) =>
    input.engine.send(
      { method: 'POST', url: `${input.baseUrl}${path}`, headers, body: input.body },
      { label, signature: 'none' },
    );
  const controlPath = `/sigprobe-absent-${randomBytes(6).toString('hex')}`;
  // All at once: the control is only compared with afterwards.
  const [control, ...answers] = await Promise.all([
    send(controlPath, 'discovery: control path'),
    ...candidates.map((path) => send(path, `discovery: ${path}`)),
  ]);

  return candidates
    .filter((_, index) => answersLikeARoute(answers[index]!, control!))
    .map((path) => ({
      method: 'POST',
      url: `${input.baseUrl}${path}`,
      headers,
      body: input.body,
      operation: `undocumented POST ${path}`,
      spec: {
        method: 'POST',
        pathTemplate: path,
        tags: [],
        security: 'none' as const,
        securityExplicit: false,
        securityPointer: '/paths',
        schemeNames: [],
        undefinedSchemes: [],
        apiSecuresOthers: true,
        undocumented: true,
        location: () => input.location,
      },
    }));
}

function answersLikeARoute(answer: Exchange, control: Exchange): boolean {
  const status = answer.response?.status;
  if (status === undefined || status === 404 || status === 405) return false;
  // A catch-all (every path answers alike) proves nothing about this path.
  return !sameAnswer(answer, control);
}
