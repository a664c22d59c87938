import { undefinedSecurityScheme } from '../checks/undefined-security-scheme.js';
import type { Finding } from '../model/finding.js';
import { buildFinding } from '../report/finding-builder.js';
import type { Redactor } from '../report/redact.js';
import type { SpecPlan } from './spec-plan.js';

/**
 * Findings about the document as a whole rather than one operation: a security
 * scheme defined but required by no operation. Reported at info: an unused
 * definition exposes nothing, but it often marks protection someone meant to apply.
 */
export function unusedSchemeFindings(
  plan: SpecPlan,
  schemeId: string,
  redactor: Redactor,
): Finding[] {
  return plan.unusedSchemes.map(({ name, location }) => {
    const finding = buildFinding(
      undefinedSecurityScheme.meta,
      {
        message: `The security scheme "${name}" is defined but no operation requires it.`,
        basis: `read from the spec at ${location.pointer}`,
        confidence: 'high',
        severity: 'info',
        severityNote: 'an unused definition protects nothing and exposes nothing by itself',
        probes: [],
        details: { unusedScheme: name },
      },
      { method: '', url: plan.baseUrl, headers: [], body: Buffer.alloc(0) },
      schemeId,
      redactor,
    );
    return { ...finding, location };
  });
}
