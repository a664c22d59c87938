import { CredentialScheme } from '../../schemes/credential.js';
import type { CredentialPlace } from '../../schemes/credential.js';
import { createScheme, schemeIds } from '../../schemes/registry.js';
import type { SchemeOverrides, SignatureScheme } from '../../schemes/types.js';
import type { SpecSecurityKind } from '../../scan/target.js';
import type { SpecDocument } from './load.js';
import { specError } from './load.js';
import type { SpecOperation } from './operations.js';
import { appendPointer, isRecord } from './pointer.js';

/** The extension a security scheme may carry to say how requests are signed. */
export const SIGNATURE_EXTENSION = 'x-sigprobe-signature';

export interface OperationSecurity {
  kind: SpecSecurityKind;
  /** The operation wrote its own `security` (an override of the global one). */
  explicit: boolean;
  /** Where the requirement list in force is written. */
  pointer: string;
  /** The alternatives (OR), each a set of scheme names (AND). */
  alternatives: string[][];
  undefinedNames: string[];
  /** The scheme the references use: a signature scheme, or a credential adapter. */
  scheme?: SignatureScheme;
  /** The security scheme's name in the document that `scheme` stands for. */
  schemeName?: string;
}

interface Definition {
  pointer: string;
  raw: Record<string, unknown>;
}

export interface SecurityOptions {
  /** `--scheme`: maps an apiKey header of its signature header name to this scheme. */
  userScheme?: string;
  userOverrides?: SchemeOverrides;
}

/**
 * The document's security model: global and per-operation requirements (an OR of
 * AND-sets; `[]` on an operation removes the global one; `{}` makes it optional),
 * and each security scheme mapped to how sigprobe forges it.
 */
export class SecurityModel {
  readonly #definitions = new Map<string, Definition>();
  readonly #schemes = new Map<string, SignatureScheme | undefined>();
  readonly #used = new Set<string>();
  readonly #global: unknown;

  constructor(
    private readonly doc: SpecDocument,
    private readonly options: SecurityOptions = {},
  ) {
    const [container, pointer] =
      doc.version === '2.0'
        ? [doc.root.securityDefinitions, '/securityDefinitions']
        : [
            isRecord(doc.root.components) ? doc.root.components.securitySchemes : undefined,
            '/components/securitySchemes',
          ];
    const schemes = doc.deref(container ?? {}, pointer);
    if (isRecord(schemes)) {
      for (const [name, value] of Object.entries(schemes)) {
        const where = appendPointer(pointer, name);
        const raw = doc.deref(value, where);
        if (!isRecord(raw)) throw specError(doc.file, where, 'is not a Security Scheme object');
        this.#definitions.set(name, { pointer: where, raw });
      }
    }
    this.#global = doc.root.security;
  }

  /** How the operation is secured, by its own `security` or the global one. */
  resolve(operation: SpecOperation): OperationSecurity {
    const explicit = operation.security !== undefined;
    const pointer = explicit ? appendPointer(operation.pointer, 'security') : '/security';
    const alternatives = this.#requirements(
      explicit ? operation.security : this.#global,
      pointer,
    );
    for (const name of alternatives.flat()) this.#used.add(name);
    const undefinedNames = [
      ...new Set(alternatives.flat().filter((name) => !this.#definitions.has(name))),
    ];

    if (alternatives.length === 0)
      return { kind: 'none', explicit, pointer, alternatives, undefinedNames };
    if (alternatives.some((set) => set.length === 0)) {
      return { kind: 'optional', explicit, pointer, alternatives, undefinedNames };
    }

    const names = alternatives.flat();
    const signed = names.find((name) => this.#signatureScheme(name));
    if (signed) {
      return {
        kind: 'signed',
        explicit,
        pointer,
        alternatives,
        undefinedNames,
        scheme: this.#signatureScheme(signed),
        schemeName: signed,
      };
    }
    const defined = names.find((name) => this.#definitions.has(name));
    const scheme = defined
      ? new CredentialScheme(`credential:${defined}`, this.#credentialPlace(defined))
      : new CredentialScheme('credential:undefined', { kind: 'none' });
    return {
      kind: 'credential',
      explicit,
      pointer,
      alternatives,
      undefinedNames,
      scheme,
      schemeName: defined,
    };
  }

  /** Schemes the document defines that no operation resolved so far refers to. */
  unusedSchemes(): Array<{ name: string; pointer: string }> {
    return [...this.#definitions]
      .filter(([name]) => !this.#used.has(name))
      .map(([name, definition]) => ({ name, pointer: definition.pointer }));
  }

  #requirements(value: unknown, pointer: string): string[][] {
    if (value === undefined) return [];
    if (!Array.isArray(value))
      throw specError(
        this.doc.file,
        pointer,
        'is not an array of Security Requirement objects',
      );
    return value.map((entry, index) => {
      if (!isRecord(entry))
        throw specError(
          this.doc.file,
          appendPointer(pointer, index),
          'is not a Security Requirement object',
        );
      return Object.keys(entry);
    });
  }

  #signatureScheme(name: string): SignatureScheme | undefined {
    if (this.#schemes.has(name)) return this.#schemes.get(name);
    const scheme = this.#mapSignature(name);
    this.#schemes.set(name, scheme);
    return scheme;
  }

  #mapSignature(name: string): SignatureScheme | undefined {
    const definition = this.#definitions.get(name);
    if (!definition) return undefined;
    const { raw, pointer } = definition;
    const headerName =
      raw.type === 'apiKey' && raw.in === 'header' && typeof raw.name === 'string'
        ? raw.name
        : undefined;

    const extension = raw[SIGNATURE_EXTENSION];
    if (extension !== undefined)
      return this.#fromExtension(
        extension,
        appendPointer(pointer, SIGNATURE_EXTENSION),
        headerName,
      );
    if (!headerName) return undefined;

    const { userScheme, userOverrides = {} } = this.options;
    if (userScheme) {
      const candidate = createScheme(userScheme, userOverrides);
      if (sameHeader(candidate.signatureHeader, headerName)) return candidate;
    }
    // The template scheme has no header of its own until a file describes it, and an
    // Authorization header says "some credential", not "AWS SigV4": bearer tokens and
    // Basic auth use it too. Those two need the extension or --scheme.
    if (sameHeader(headerName, 'Authorization')) return undefined;
    const known = schemeIds()
      .filter((id) => id !== 'template')
      .find((id) => sameHeader(createScheme(id).signatureHeader, headerName));
    return known ? createScheme(known, { signatureHeader: headerName }) : undefined;
  }

  #fromExtension(
    value: unknown,
    pointer: string,
    headerName: string | undefined,
  ): SignatureScheme {
    const spec = typeof value === 'string' ? { scheme: value } : value;
    if (!isRecord(spec) || typeof spec.scheme !== 'string') {
      throw specError(
        this.doc.file,
        pointer,
        'must be a scheme id or an object with "scheme" (and optional "header", "tag")',
      );
    }
    if (!schemeIds().includes(spec.scheme)) {
      throw specError(
        this.doc.file,
        appendPointer(pointer, 'scheme'),
        `names unknown scheme "${spec.scheme}"; known: ${schemeIds().join(', ')}`,
      );
    }
    for (const key of ['header', 'tag'] as const) {
      if (spec[key] !== undefined && typeof spec[key] !== 'string') {
        throw specError(this.doc.file, appendPointer(pointer, key), 'must be a string');
      }
    }
    return createScheme(spec.scheme, {
      signatureHeader: (spec.header as string | undefined) ?? headerName,
      tag: spec.tag as string | undefined,
    });
  }

  #credentialPlace(name: string): CredentialPlace {
    const raw = this.#definitions.get(name)!.raw;
    const type = String(raw.type);
    if (type === 'apiKey' && typeof raw.name === 'string') {
      if (raw.in === 'header') return { kind: 'header', name: raw.name };
      if (raw.in === 'query') return { kind: 'query', name: raw.name };
      if (raw.in === 'cookie') return { kind: 'cookie', name: raw.name };
    }
    if (type === 'http') {
      const scheme = typeof raw.scheme === 'string' ? raw.scheme : 'Bearer';
      return {
        kind: 'authorization',
        authScheme: scheme.toLowerCase() === 'bearer' ? 'Bearer' : capitalise(scheme),
      };
    }
    if (type === 'basic') return { kind: 'authorization', authScheme: 'Basic' };
    if (type === 'oauth2' || type === 'openIdConnect')
      return { kind: 'authorization', authScheme: 'Bearer' };
    // mutualTLS and unknown types: there is no wrong credential to put in a request.
    return { kind: 'none' };
  }
}

function sameHeader(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}
