import { InputError } from '../../model/errors.js';
import type { SpecDocument } from './load.js';
import { isRecord } from './pointer.js';

/**
 * The base URL operations are appended to. The origin is always the target's, so a
 * spec's `servers` can never send a request to a host the user did not name. The
 * path comes from the target URL when it has one, else from the chosen server
 * (OpenAPI 3 `servers` with variable defaults, Swagger 2 `basePath`).
 */
export function resolveBaseUrl(doc: SpecDocument, target: string, server?: string): string {
  const targetUrl = new URL(target);
  const targetPath = targetUrl.pathname.replace(/\/+$/, '');
  if (targetPath && server === undefined) return `${targetUrl.origin}${targetPath}`;
  const serverPath = chosenServerPath(doc, server);
  return `${targetUrl.origin}${targetPath}${serverPath}`;
}

function chosenServerPath(doc: SpecDocument, server: string | undefined): string {
  if (doc.version === '2.0') {
    if (server !== undefined) return pathOf(server);
    return typeof doc.root.basePath === 'string' ? pathOf(doc.root.basePath) : '';
  }
  const servers = Array.isArray(doc.root.servers) ? doc.root.servers.filter(isRecord) : [];
  if (server !== undefined && /^\d+$/.test(server)) {
    const chosen = servers[Number(server)];
    if (!chosen)
      throw new InputError(
        'bad-server',
        `--server ${server}: the spec lists ${servers.length} server(s), numbered from 0`,
      );
    return pathOf(withVariables(chosen));
  }
  if (server !== undefined) return pathOf(server);
  return servers[0] ? pathOf(withVariables(servers[0])) : '';
}

function withVariables(server: Record<string, unknown>): string {
  const url = typeof server.url === 'string' ? server.url : '/';
  const variables = isRecord(server.variables) ? server.variables : {};
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && variable.default !== undefined
      ? String(variable.default)
      : whole;
  });
}

/** The path part of an absolute or relative server URL, without a trailing slash. */
function pathOf(url: string): string {
  const path = new URL(url, 'http://placeholder.invalid').pathname;
  return path.replace(/\/+$/, '');
}
