/** Severity and confidence scales shared by findings, gates and reports. */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isAtLeast(severity: Severity, gate: Severity): boolean {
  return severityRank(severity) >= severityRank(gate);
}

export function lowerSeverity(severity: Severity, steps = 1): Severity {
  return SEVERITIES[Math.max(0, severityRank(severity) - steps)] ?? 'info';
}
