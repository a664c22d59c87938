import { InputError } from '../model/errors.js';
import type { HttpRequest } from '../model/http.js';
import { createScheme, schemeIds } from '../schemes/registry.js';
import type { CrackMaterial, SchemeOverrides, SignatureScheme } from '../schemes/types.js';
import type { KeyMode } from './protocol.js';

export interface CrackTarget {
  scheme: string;
  material: CrackMaterial;
  keyMode: KeyMode;
}

/**
 * The schemes whose signature the sample carries, each with its crack material. With
 * `--scheme` only that one is tried; otherwise every registered scheme that detects
 * the request and yields material (usually exactly one).
 */
export function crackTargets(
  request: HttpRequest,
  scheme?: string,
  overrides: SchemeOverrides = {},
): CrackTarget[] {
  const ids = scheme ? [scheme] : schemeIds();
  const targets: CrackTarget[] = [];
  for (const id of ids) {
    const candidate = scheme ? createScheme(id, overrides) : buildable(id, overrides);
    if (!candidate || (!scheme && !candidate.detect(request))) continue;
    const material = candidate.crackMaterial(request);
    if (!material) continue;
    targets.push({
      scheme: id,
      material,
      keyMode: keyModeOf(id, overrides, request, material),
    });
  }
  if (targets.length === 0) {
    const which = scheme ? `a ${scheme} signature` : 'a signature of any known scheme';
    throw new InputError(
      'crack-no-signature',
      `the sample does not carry ${which}; name the scheme with --scheme (and --header/--tag if renamed)`,
    );
  }
  return targets;
}

/**
 * Most schemes use the candidate itself as the key; the kernel then reads wordlist
 * lines directly. A keyFor that hands back the very buffer it was given, for short and
 * long probes alike, is that identity; anything else runs the scheme's keyFor per
 * candidate inside the workers.
 */
function keyModeOf(
  scheme: string,
  overrides: SchemeOverrides,
  request: HttpRequest,
  material: CrackMaterial,
): KeyMode {
  const probes = [Buffer.from('p'), Buffer.alloc(100, 0x71)];
  if (probes.every((probe) => material.keyFor(probe) === probe)) return { kind: 'identity' };
  return { kind: 'scheme', scheme, overrides, request };
}

/** While guessing, a scheme that needs more options (a template file, say) is passed over. */
function buildable(id: string, overrides: SchemeOverrides): SignatureScheme | undefined {
  try {
    return createScheme(id, overrides);
  } catch {
    return undefined;
  }
}
