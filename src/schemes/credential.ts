import { createHash } from 'node:crypto';
import type { HeaderList, HttpRequest } from '../model/http.js';
import { cloneRequest, getHeader, withHeader, withoutHeaders } from '../model/http.js';
import type {
  AlternateSignature,
  MalformedVariant,
  SignatureScheme,
  SignOptions,
} from './types.js';

/** Where an operation's non-signature credential travels, as its spec describes it. */
export type CredentialPlace =
  | { kind: 'authorization'; authScheme: string }
  | { kind: 'header'; name: string }
  | { kind: 'query'; name: string }
  | { kind: 'cookie'; name: string }
  | { kind: 'none' };

/**
 * Bearer tokens, Basic auth, API keys and OAuth are not signatures, but the L0
 * question is the same: is a request with no credential turned away like one with a
 * wrong credential? This adapter lets the shared references ask it: "forging" puts a
 * random, well-formed credential where the spec says it goes, "stripping" removes it.
 * It has no malformed values or crack material: only spec-level checks use it.
 */
export class CredentialScheme implements SignatureScheme {
  readonly title: string;
  readonly signatureHeader: string;
  readonly digest = 'sha256' as const;
  readonly encoding = 'hex' as const;
  readonly covers = [] as const;

  constructor(
    readonly id: string,
    private readonly place: CredentialPlace,
  ) {
    this.title = `credential (${describePlace(place)})`;
    this.signatureHeader = headerOf(place) ?? 'Authorization';
  }

  detect(request: HttpRequest): boolean {
    const header = headerOf(this.place);
    return header !== undefined && getHeader(request.headers, header) !== undefined;
  }

  sign(request: HttpRequest, options: SignOptions): HttpRequest {
    // A value derived from the forgery secret: random per call, never a real credential.
    const token = createHash('sha256').update(options.secret).digest('hex').slice(0, 32);
    const place = this.place;
    switch (place.kind) {
      case 'authorization':
        return cloneRequest(request, {
          headers: withHeader(
            request.headers,
            'Authorization',
            authValue(place.authScheme, token),
          ),
        });
      case 'header':
        return cloneRequest(request, {
          headers: withHeader(request.headers, place.name, token),
        });
      case 'cookie':
        return cloneRequest(request, {
          headers: withCookie(request.headers, place.name, token),
        });
      case 'query': {
        const url = new URL(request.url);
        url.searchParams.set(place.name, token);
        return cloneRequest(request, { url: url.toString() });
      }
      case 'none':
        return cloneRequest(request);
    }
  }

  strip(request: HttpRequest): HttpRequest {
    const place = this.place;
    if (place.kind === 'query') {
      const url = new URL(request.url);
      url.searchParams.delete(place.name);
      return cloneRequest(request, { url: url.toString() });
    }
    const header = headerOf(place);
    return cloneRequest(request, {
      headers: header ? withoutHeaders(request.headers, [header]) : request.headers,
    });
  }

  malformedValues(): MalformedVariant[] {
    return [];
  }

  crackMaterial(): undefined {
    return undefined;
  }

  // A credential is not a signature over the request: nothing to verify, truncate,
  // move or re-time, so the signed-request checks find nothing to do with it.
  signaturesOf(): string[] {
    return [];
  }

  verify(): boolean {
    return false;
  }

  timestampOf(): undefined {
    return undefined;
  }

  withTimestamp(): undefined {
    return undefined;
  }

  truncatedValues(): MalformedVariant[] {
    return [];
  }

  alternates(): AlternateSignature[] {
    return [];
  }

  shiftedFields(): AlternateSignature[] {
    return [];
  }
}

function headerOf(place: CredentialPlace): string | undefined {
  if (place.kind === 'authorization') return 'Authorization';
  if (place.kind === 'header') return place.name;
  if (place.kind === 'cookie') return 'Cookie';
  return undefined;
}

function describePlace(place: CredentialPlace): string {
  switch (place.kind) {
    case 'authorization':
      return `Authorization: ${place.authScheme}`;
    case 'header':
      return `header ${place.name}`;
    case 'query':
      return `query parameter ${place.name}`;
    case 'cookie':
      return `cookie ${place.name}`;
    case 'none':
      return 'not sendable over HTTP';
  }
}

function authValue(authScheme: string, token: string): string {
  // Basic needs "user:password" in base64, or a server may answer 400 for the format.
  if (authScheme.toLowerCase() === 'basic')
    return `Basic ${Buffer.from(`sigprobe:${token}`).toString('base64')}`;
  return `${authScheme} ${token}`;
}

function withCookie(headers: HeaderList, name: string, value: string): HeaderList {
  return withHeader(headers, 'Cookie', `${name}=${value}`);
}
