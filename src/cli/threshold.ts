import { InvalidArgumentError } from 'commander';
import { GRADES, rank } from '../report/score.js';
import type { Grade, ScoreCard } from '../report/score.js';

/** `--threshold 80` (lowest passing score) or `--threshold B` (lowest passing grade). */
export type Threshold = { kind: 'score'; min: number } | { kind: 'grade'; min: Grade };

export function parseThreshold(value: string): Threshold {
  const text = value.trim();
  const grade = text.toUpperCase();
  if ((GRADES as readonly string[]).includes(grade))
    return { kind: 'grade', min: grade as Grade };

  const number = Number(text);
  if (text !== '' && Number.isInteger(number) && number >= 0 && number <= 100) {
    return { kind: 'score', min: number };
  }
  throw new InvalidArgumentError(
    `--threshold takes a score 0-100 or a grade A-F, got "${value}"`,
  );
}

/** Says why the score misses the threshold, or undefined when it passes. */
export function thresholdMiss(card: ScoreCard, threshold: Threshold): string | undefined {
  if (threshold.kind === 'score') {
    return card.score < threshold.min
      ? `score ${card.score} is below ${threshold.min}`
      : undefined;
  }
  return rank(card.grade) > rank(threshold.min)
    ? `grade ${card.grade} is below ${threshold.min}`
    : undefined;
}
