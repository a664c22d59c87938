/**
 * Where a top-level member's value sits in a JSON object, found by one validating pass
 * over the raw bytes, so a scheme that carries its signature inside the payload
 * (Mailgun) can set it without parsing and re-serialising the whole event.
 *
 * The pass accepts exactly what `JSON.parse(bytes.toString('utf8'))` accepts (RFC 8259:
 * whitespace is space, tab, CR, LF; strings have no raw control characters and only
 * the standard escapes; numbers without leading zeros). Bytes of 0x80 and above only
 * occur inside strings in valid JSON, and the UTF-8 decoder never turns a quote,
 * backslash or control byte into anything else, so checking bytes gives the same
 * answer as checking the decoded text.
 */

/** Replace bytes [start, end) with `lead` + the new value to set the member. */
export interface MemberSlot {
  start: number;
  end: number;
  /** Text that goes before the value: `,"name":` when the member is new, else ''. */
  lead: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * The slot of the top-level member `name` in `bytes`, or undefined when the bytes are
 * not one valid JSON object, or when the answer is not certain without decoding: the
 * member appears twice, or a top-level key has escapes (it could spell `name`). The
 * caller then falls back to JSON.parse. `name` must be printable ASCII without `"` or
 * `\` (no escaping in JSON).
 */
export function memberSlot(bytes: Uint8Array, name: string): MemberSlot | undefined {
  if (!/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(name))
    throw new Error(`memberSlot: unsupported name ${name}`);
  const n = bytes.length;
  let at = space(bytes, 0);
  if (bytes[at] !== OPEN_BRACE) return undefined;
  at = space(bytes, at + 1);
  let found: MemberSlot | undefined;
  let ambiguous = false;
  // Where a new member goes: after the last value, or right after `{` when empty.
  let insertAt = at;
  let members = 0;
  if (at < n && bytes[at] === CLOSE_BRACE) {
    at += 1;
  } else {
    for (;;) {
      const keyStart = at + 1;
      const valueStart = key(bytes, at, n);
      if (valueStart < 0) return undefined;
      const keyEnd = keyEnd_(bytes, valueStart);
      const valueEnd = skipValue(bytes, valueStart);
      if (valueEnd < 0) return undefined;
      members += 1;
      if (hasBackslash(bytes, keyStart, keyEnd)) ambiguous = true;
      else if (sameText(bytes, keyStart, keyEnd, name)) {
        if (found) ambiguous = true;
        found = { start: valueStart, end: valueEnd, lead: '' };
      }
      insertAt = valueEnd;
      at = space(bytes, valueEnd);
      const c = bytes[at];
      at += 1;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) return undefined;
      at = space(bytes, at);
    }
  }
  if (space(bytes, at) !== n || ambiguous) return undefined;
  if (found) return found;
  return { start: insertAt, end: insertAt, lead: `${members > 0 ? ',' : ''}"${name}":` };
}

/** Whitespace bytes JSON allows between tokens. */
const WS = new Uint8Array(256);
WS[0x20] = 1;
WS[0x0a] = 1;
WS[0x0d] = 1;
WS[0x09] = 1;

/** Bytes that end a run of plain string content: controls, `"` and `\`. */
const SPECIAL = new Uint8Array(256);
for (let c = 0; c < 0x20; c += 1) SPECIAL[c] = 1;
SPECIAL[QUOTE] = 1;
SPECIAL[BACKSLASH] = 1;

function space(bytes: Uint8Array, at: number): number {
  const n = bytes.length;
  while (at < n && WS[bytes[at]!] === 1) at += 1;
  return at;
}

/** The index of the closing quote of the key that ends before `valueStart`. */
function keyEnd_(bytes: Uint8Array, valueStart: number): number {
  let at = valueStart - 1;
  while (bytes[at] !== COLON) at -= 1;
  at -= 1;
  while (bytes[at] !== QUOTE) at -= 1;
  return at;
}

/**
 * Open containers of skipValue (1 = object, 0 = array), kept between calls so a scan
 * allocates nothing; it doubles when a body nests deeper than it has seen before.
 */
let stack = new Uint8Array(32);

/** The index after a string's closing quote, given its opening quote; -1 if invalid. */
function skipString(bytes: Uint8Array, at: number, n: number): number {
  at += 1;
  for (;;) {
    // One table look-up per plain byte: most of a JSON body is string content.
    while (at < n && SPECIAL[bytes[at]!] === 0) at += 1;
    if (at >= n) return -1;
    const c = bytes[at]!;
    if (c === QUOTE) return at + 1;
    if (c !== BACKSLASH || at + 1 >= n) return -1; // a raw control byte, or `\` at the end
    const e = bytes[at + 1]!;
    if (e === 0x75) {
      // \uXXXX
      if (
        at + 6 > n ||
        !isHex(bytes[at + 2]!) ||
        !isHex(bytes[at + 3]!) ||
        !isHex(bytes[at + 4]!) ||
        !isHex(bytes[at + 5]!)
      )
        return -1;
      at += 6;
    } else if (
      e === QUOTE ||
      e === BACKSLASH ||
      e === 0x2f ||
      e === 0x62 ||
      e === 0x66 ||
      e === 0x6e ||
      e === 0x72 ||
      e === 0x74
    ) {
      at += 2;
    } else {
      return -1;
    }
  }
}

/** The index after a run of digits starting at `at` (`at` itself when there is none). */
function digits(bytes: Uint8Array, at: number, n: number): number {
  while (at < n) {
    const c = bytes[at]!;
    if (c < ZERO || c > NINE) break;
    at += 1;
  }
  return at;
}

/** The index after a number starting at `at`; -1 if invalid. */
function skipNumber(bytes: Uint8Array, at: number, n: number): number {
  if (bytes[at] === MINUS && (at += 1) >= n) return -1;
  const c = bytes[at]!;
  if (c === ZERO) at += 1;
  else if (c > ZERO && c <= NINE) at = digits(bytes, at + 1, n);
  else return -1;
  if (at < n && bytes[at] === DOT) {
    const first = at + 1;
    if ((at = digits(bytes, first, n)) === first) return -1;
  }
  if (at < n && (bytes[at] === 0x65 || bytes[at] === 0x45)) {
    at += 1;
    if (at < n && (bytes[at] === PLUS || bytes[at] === MINUS)) at += 1;
    const first = at;
    if ((at = digits(bytes, first, n)) === first) return -1;
  }
  return at;
}

/** Skips `"key"` `:` and the whitespace after; the value's first byte, or -1. */
function key(bytes: Uint8Array, at: number, n: number): number {
  if (at >= n || bytes[at] !== QUOTE) return -1;
  if ((at = skipString(bytes, at, n)) < 0) return -1;
  while (at < n && WS[bytes[at]!] === 1) at += 1;
  if (at >= n || bytes[at] !== COLON) return -1;
  at += 1;
  while (at < n && WS[bytes[at]!] === 1) at += 1;
  return at;
}

/**
 * The index after one JSON value starting at `at` (no leading whitespace); -1 if
 * invalid. Iterative, with a stack of open containers, so deep nesting cannot
 * overflow the call stack (JSON.parse accepts deep nesting too). Bounds are checked
 * before every read: a read past the end would make V8 leave its fast path.
 */
function skipValue(bytes: Uint8Array, at: number): number {
  const n = bytes.length;
  let depth = 0;
  for (;;) {
    if (at >= n) return -1;
    const c = bytes[at]!;
    if (c === QUOTE) {
      if ((at = skipString(bytes, at, n)) < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      at += 1;
      while (at < n && WS[bytes[at]!] === 1) at += 1;
      if (at >= n) return -1;
      if (bytes[at] === c + 2) {
        at += 1; // `{}` or `[]`: `}` and `]` are two after `{` and `[`
      } else {
        if (depth === stack.length) {
          const grown = new Uint8Array(depth * 2);
          grown.set(stack);
          stack = grown;
        }
        stack[depth++] = c === OPEN_BRACE ? 1 : 0;
        if (c === OPEN_BRACE && (at = key(bytes, at, n)) < 0) return -1;
        continue;
      }
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      if ((at = skipNumber(bytes, at, n)) < 0) return -1;
    } else if (c === 0x74) {
      if (
        at + 4 > n ||
        bytes[at + 1] !== 0x72 ||
        bytes[at + 2] !== 0x75 ||
        bytes[at + 3] !== 0x65
      )
        return -1; // true
      at += 4;
    } else if (c === 0x66) {
      if (
        at + 5 > n ||
        bytes[at + 1] !== 0x61 ||
        bytes[at + 2] !== 0x6c ||
        bytes[at + 3] !== 0x73 ||
        bytes[at + 4] !== 0x65
      )
        return -1; // false
      at += 5;
    } else if (c === 0x6e) {
      if (
        at + 4 > n ||
        bytes[at + 1] !== 0x75 ||
        bytes[at + 2] !== 0x6c ||
        bytes[at + 3] !== 0x6c
      )
        return -1; // null
      at += 4;
    } else {
      return -1;
    }
    // A value ended: close containers, or move to the next element or member.
    for (;;) {
      if (depth === 0) return at;
      while (at < n && WS[bytes[at]!] === 1) at += 1;
      if (at >= n) return -1;
      const next = bytes[at]!;
      const inObject = stack[depth - 1] === 1;
      if (next === COMMA) {
        at += 1;
        while (at < n && WS[bytes[at]!] === 1) at += 1;
        if (inObject && (at = key(bytes, at, n)) < 0) return -1;
        break;
      }
      if (next !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) return -1;
      depth -= 1;
      at += 1;
    }
  }
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function hasBackslash(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (bytes[i] === BACKSLASH) return true;
  return false;
}

function sameText(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length || end > bytes.length) return false;
  for (let i = 0; i < text.length; i += 1)
    if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}
