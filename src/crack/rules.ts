/**
 * Mutation rules for `sigprobe crack --rules`: the changes people make to a default
 * secret to "strengthen" it (a capital letter, a year, a vendor prefix). Every word
 * yields the same number of variants, in a fixed order, so `--max-candidates` and
 * positions stay exact: prefixes x case forms x suffixes, the word itself first.
 */
export const RULE_NAMES = ['case', 'digits', 'years', 'symbols', 'prefixes'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

const DIGIT_SUFFIXES = [
  ...Array.from({ length: 10 }, (_, n) => String(n)),
  ...Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0')),
  '123',
  '1234',
  '12345',
];
const YEAR_SUFFIXES = Array.from({ length: 41 }, (_, n) => String(1990 + n));
const SYMBOL_SUFFIXES = ['!', '!!', '?', '.', '@', '#', '$', '_', '-', '*'];
// Vendor and convention prefixes seen on webhook and API secrets.
const PREFIXES = [
  'whsec_',
  'sk_',
  'sk_test_',
  'sk_live_',
  'test_',
  'dev_',
  'secret_',
  'shpss_',
];

export interface RulePlan {
  prefixes: Buffer[];
  caseForms: number;
  suffixes: Buffer[];
  /** Variants per word, the word itself included. */
  perWord: number;
}

export function planRules(rules: readonly RuleName[]): RulePlan {
  const has = (rule: RuleName): boolean => rules.includes(rule);
  const suffixes = [
    '',
    ...(has('digits') ? DIGIT_SUFFIXES : []),
    ...(has('years') ? YEAR_SUFFIXES : []),
    ...(has('symbols') ? SYMBOL_SUFFIXES : []),
  ].map((text) => Buffer.from(text));
  const prefixes = ['', ...(has('prefixes') ? PREFIXES : [])].map((text) => Buffer.from(text));
  const caseForms = has('case') ? 4 : 1;
  return {
    prefixes,
    caseForms,
    suffixes,
    perWord: prefixes.length * caseForms * suffixes.length,
  };
}

export function parseRules(value: string): RuleName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.includes('all')) return [...RULE_NAMES];
  const unknown = names.filter((name) => !(RULE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown rule "${unknown[0]}": use ${RULE_NAMES.join(', ')} or all`);
  }
  return names as RuleName[];
}

/** Grows as needed; holds packed variants and where each starts. */
export class PackedBuffer {
  bytes = Buffer.allocUnsafe(1 << 16);
  offsets = new Uint32Array(1025);
  count = 0;
  length = 0;

  reset(): void {
    this.count = 0;
    this.length = 0;
  }

  /** Reserves room for one entry of up to `size` bytes and returns where to write it. */
  reserve(size: number): number {
    if (this.length + size > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + size));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    if (this.count + 2 > this.offsets.length) {
      const grown = new Uint32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    return this.length;
  }

  commit(end: number): void {
    this.offsets[this.count] = this.length;
    this.count++;
    this.length = end;
    this.offsets[this.count] = end;
  }

  entry(index: number): Buffer {
    return this.bytes.subarray(this.offsets[index] ?? 0, this.offsets[index + 1] ?? 0);
  }

  offsetView(): Uint32Array {
    return this.offsets.subarray(0, this.count + 1);
  }
}

/** Writes the word's variants, in plan order, into `out`. */
export function expandWord(word: Buffer, plan: RulePlan, out: PackedBuffer): void {
  for (const prefix of plan.prefixes) {
    for (let form = 0; form < plan.caseForms; form++) {
      for (const suffix of plan.suffixes) {
        const start = out.reserve(prefix.length + word.length + suffix.length);
        let at = start + prefix.copy(out.bytes, start);
        word.copy(out.bytes, at);
        if (form > 0) applyCase(out.bytes, at, at + word.length, form);
        at += word.length;
        at += suffix.copy(out.bytes, at);
        out.commit(at);
      }
    }
  }
}

/** ASCII only: form 1 lower, 2 upper, 3 first letter upper and the rest lower. */
function applyCase(bytes: Buffer, start: number, end: number, form: number): void {
  for (let i = start; i < end; i++) {
    const c = bytes[i] ?? 0;
    const upper = form === 2 || (form === 3 && i === start);
    if (upper && c >= 97 && c <= 122) bytes[i] = c - 32;
    else if (!upper && c >= 65 && c <= 90) bytes[i] = c + 32;
  }
}
