import { OWASP } from './support/owasp.js';
import { signingEvidence } from './support/signing-evidence.js';
import type { Check } from './types.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** A signed endpoint reachable over plain HTTP: captured requests can be read and replayed. */
export const plaintextTransport: Check = {
  meta: {
    id: 'plaintext-transport',
    title: 'Signed endpoint is served over plain HTTP',
    proves: 'the endpoint answered over unencrypted HTTP',
    severity: 'medium',
    cwe: [319],
    owasp: OWASP.misconfiguration,
    level: 'L0',
    remediation: 'use-https',
    sends: ['forged'],
  },

  skip(context) {
    return new URL(context.endpoint.url).protocol === 'http:'
      ? undefined
      : 'the endpoint uses HTTPS';
  },

  async run(context) {
    const evidence = await signingEvidence(context);
    if (!evidence) return [];
    const baseline = await context.baseline();
    const host = new URL(context.endpoint.url).hostname;
    const loopback = LOOPBACK.test(host);

    return [
      {
        message: `The endpoint answered over plain HTTP (HTTP ${baseline.forged.response?.status}); ${evidence}.`,
        basis: 'the reference request was sent and answered without TLS',
        confidence: 'high',
        ...(loopback
          ? {
              severity: 'info' as const,
              severityNote:
                'the target is a loopback address, whose traffic never crosses a network',
            }
          : {}),
        probes: [baseline.forged],
      },
    ];
  },
};
