/**
 * The set of origins a scan may touch: the target's own plus any `--scope` origins.
 * Every request and every redirect is checked against it before it leaves.
 */
export class Scope {
  readonly #origins = new Set<string>();

  constructor(origins: Iterable<string>) {
    for (const origin of origins) this.#origins.add(normaliseOrigin(origin));
  }

  allows(url: string): boolean {
    try {
      return this.#origins.has(normaliseOrigin(url));
    } catch {
      return false;
    }
  }

  add(url: string): void {
    this.#origins.add(normaliseOrigin(url));
  }

  list(): string[] {
    return [...this.#origins].sort();
  }
}

export function normaliseOrigin(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`unsupported protocol ${parsed.protocol}`);
  }
  return parsed.origin;
}
