import { InvalidArgumentError } from 'commander';
import { SEVERITIES } from '../model/severity.js';

/** Option parsers that reject bad values with the value quoted (STYLE.md rule 12). */
export function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) {
      throw new InvalidArgumentError(
        `${name} takes a whole number of at least 1, got "${value}"`,
      );
    }
    return number;
  };
}

export function positiveNumber(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) {
      throw new InvalidArgumentError(`${name} takes a number above 0, got "${value}"`);
    }
    return number;
  };
}

export function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const GATE_CHOICES = [...SEVERITIES, 'never'];
