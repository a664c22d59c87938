import type { Finding } from '../model/finding.js';
import type { Confidence, Severity } from '../model/severity.js';
import { CATEGORIES, CATEGORY_TITLES, categoryOf } from './categories.js';
import type { Category } from './categories.js';

/**
 * Score and grade, "sigprobe-score/1". Each finding takes a share of what is left:
 *
 *   penalty  = SEVERITY_POINTS[severity] × CONFIDENCE_FACTOR[confidence]   (0-50 points)
 *   score    = round(100 × Π (1 − penalty / 100))   over unique (endpoint, check) pairs
 *
 * Multiplying keeps the score in 0-100 without clamping and lets one more finding
 * always cost something, while twenty copies of a medium fault cannot sink below a
 * single critical as fast as a sum would. A pair found twice counts once (its largest
 * penalty). The grade follows the score, then is capped: any critical finding gives F,
 * any high finding at most C, whatever the arithmetic says.
 */
export const SCORE_FORMULA = 'sigprobe-score/1';

export const SEVERITY_POINTS: Record<Severity, number> = {
  critical: 50,
  high: 25,
  medium: 12,
  low: 4,
  info: 0,
};
export const CONFIDENCE_FACTOR: Record<Confidence, number> = {
  high: 1,
  medium: 0.75,
  low: 0.5,
};

export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

/** Lowest score that earns each grade. */
export const GRADE_FLOORS: Record<Grade, number> = { A: 90, B: 80, C: 70, D: 60, F: 0 };
const SEVERITY_CAPS: Partial<Record<Severity, Grade>> = { critical: 'F', high: 'C' };

export interface Deduction {
  checkId: string;
  endpoint: string;
  severity: Severity;
  confidence: Confidence;
  points: number;
}

export interface CategoryScore {
  id: Category;
  title: string;
  /** null when no check of this category ran, so nothing was measured. */
  score: number | null;
  findings: number;
}

export interface ScoreCard {
  formula: typeof SCORE_FORMULA;
  score: number;
  grade: Grade;
  /** Set when a finding's severity lowered the grade below what the score gives. */
  cap?: { grade: Grade; reason: string };
  categories: CategoryScore[];
  deductions: Deduction[];
}

export interface ScoredRun {
  checkId: string;
  endpoint: string;
  status: string;
  explainedBy?: string;
}

export function scoreFindings(findings: Finding[], checkRuns: ScoredRun[]): ScoreCard {
  const deductions = deduplicate(findings);
  const score = combine(deductions);
  const ranCategories = new Set(
    checkRuns.filter((run) => run.status === 'ran').map((run) => categoryOf(run.checkId)),
  );
  const explained = explainedDeductions(deductions, checkRuns);

  const categories = CATEGORIES.map((id) => {
    const own = [...deductions, ...explained].filter((item) => categoryOf(item.checkId) === id);
    const measured = ranCategories.has(id) || own.length > 0;
    return {
      id,
      title: CATEGORY_TITLES[id],
      score: measured ? combine(own) : null,
      findings: own.length,
    };
  });

  const byScore = gradeFor(score);
  const cap = capFor(deductions);
  const grade = cap && rank(cap.grade) > rank(byScore) ? cap.grade : byScore;
  return {
    formula: SCORE_FORMULA,
    score,
    grade,
    ...(grade !== byScore && cap ? { cap } : {}),
    categories,
    deductions,
  };
}

export function gradeFor(score: number): Grade {
  return GRADES.find((grade) => score >= GRADE_FLOORS[grade]) ?? 'F';
}

/** 0 for A, 4 for F: a larger rank is a worse grade. */
export function rank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

function deduplicate(findings: Finding[]): Deduction[] {
  const byKey = new Map<string, Deduction>();
  for (const finding of findings) {
    const endpoint = `${finding.method} ${finding.url}`;
    const points = SEVERITY_POINTS[finding.severity] * CONFIDENCE_FACTOR[finding.confidence];
    const key = `${endpoint}\n${finding.id}`;
    const known = byKey.get(key);
    if (known && known.points >= points) continue;
    byKey.set(key, {
      checkId: finding.id,
      endpoint,
      severity: finding.severity,
      confidence: finding.confidence,
      points,
    });
  }
  return [...byKey.values()];
}

/**
 * A finding dropped because another explains it (a receiver that accepts unsigned
 * requests also accepts wrong signatures) still failed its own category: it counts
 * there with the explaining finding's weight, but never twice in the overall score.
 */
function explainedDeductions(deductions: Deduction[], checkRuns: ScoredRun[]): Deduction[] {
  return checkRuns.flatMap((run) => {
    const cover = deductions.find(
      (item) => item.checkId === run.explainedBy && item.endpoint === run.endpoint,
    );
    return cover ? [{ ...cover, checkId: run.checkId }] : [];
  });
}

function combine(deductions: Deduction[]): number {
  const kept = deductions.reduce((left, item) => left * (1 - item.points / 100), 1);
  return Math.round(100 * kept);
}

function capFor(deductions: Deduction[]): ScoreCard['cap'] {
  for (const severity of ['critical', 'high'] as const) {
    const worst = deductions.find((item) => item.severity === severity);
    const grade = SEVERITY_CAPS[severity];
    if (worst && grade) {
      return {
        grade,
        reason: `a ${severity} finding (${worst.checkId}) caps the grade at ${grade}`,
      };
    }
  }
  return undefined;
}
