/**
 * UTC calendar fields of a Unix time, for the timestamp texts schemes sign (ISO 8601,
 * AWS's basic form). `Date#toISOString` allocates a Date and costs a few microseconds,
 * a visible share of one signature; whole seconds from 1970 to 9999 take the civil-
 * from-days arithmetic below (H. Hinnant's `civil_from_days`), anything else the Date.
 */

export interface UtcFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** 9999-12-31T23:59:59Z: the last second with a four-digit year. */
const LAST = 253_402_300_799;

export function utcFields(seconds: number): UtcFields | undefined {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > LAST) return undefined;
  const days = Math.floor(seconds / 86_400);
  const inDay = seconds - days * 86_400;
  // Days since 0000-03-01, in 400-year eras of 146,097 days.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / 3_600),
    minute: Math.floor((inDay % 3_600) / 60),
    second: inDay % 60,
  };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function four(n: number): string {
  return n < 1000 ? String(n).padStart(4, '0') : `${n}`;
}

/** The same text as `new Date(seconds * 1000).toISOString()`. */
export function isoTimestamp(seconds: number): string {
  const f = utcFields(seconds);
  if (!f) return new Date(seconds * 1000).toISOString();
  return `${four(f.year)}-${two(f.month)}-${two(f.day)}T${two(f.hour)}:${two(f.minute)}:${two(f.second)}.000Z`;
}

/** `YYYYMMDDTHHMMSSZ` (X-Amz-Date): the ISO text without `-`, `:` and milliseconds. */
export function basicTimestamp(seconds: number): string {
  const f = utcFields(seconds);
  if (!f) {
    const iso = new Date(seconds * 1000).toISOString();
    return iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  }
  return `${four(f.year)}${two(f.month)}${two(f.day)}T${two(f.hour)}${two(f.minute)}${two(f.second)}Z`;
}
