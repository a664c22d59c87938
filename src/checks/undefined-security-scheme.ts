import { OWASP } from './support/owasp.js';
import type { Check } from './types.js';

/**
 * A security requirement that names a scheme the document never defines: tools that
 * generate clients, gateways or docs from the spec cannot apply it, so the
 * operation's protection exists only in the server code, if at all. Read from the
 * spec alone; the operation is still probed by spec-security-not-enforced.
 */
export const undefinedSecurityScheme: Check = {
  meta: {
    id: 'undefined-security-scheme',
    title: 'Security requirement names an undefined security scheme',
    proves:
      'the spec requires a security scheme it never defines (or defines one nothing uses)',
    severity: 'low',
    cwe: [287],
    owasp: OWASP.inventory,
    level: 'spec',
    remediation: 'define-security-schemes',
    sends: [],
  },

  skip(context) {
    return context.endpoint.spec ? undefined : 'the endpoint does not come from a spec';
  },

  async run(context) {
    const spec = context.endpoint.spec!;
    if (spec.undefinedSchemes.length === 0) return [];
    const names = spec.undefinedSchemes.map((name) => `"${name}"`).join(', ');
    return [
      {
        message:
          `${spec.method} ${spec.pathTemplate} requires ${names}, which the document's security ` +
          'schemes do not define.',
        basis: `read from the spec at ${spec.securityPointer}`,
        confidence: 'high',
        probes: [],
        details: {
          undefinedSchemes: spec.undefinedSchemes,
          securityPointer: spec.securityPointer,
        },
      },
    ];
  },
};
