/** JSON pointers (RFC 6901) and the small type guards the spec readers share. */

export function appendPointer(pointer: string, ...parts: Array<string | number>): string {
  return parts.reduce<string>((acc, part) => `${acc}/${escapePart(String(part))}`, pointer);
}

function escapePart(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
