import { bundledSecrets } from '../crack/sources.js';
import { OWASP } from './support/owasp.js';
import type { Check } from './types.js';

/**
 * Signs the endpoint's request with the first entries of the bundled list of default,
 * placeholder and empty secrets (the empty one first) and reports one that is accepted.
 * Against a correct receiver each probe is just a wrong signature, so the check sends
 * at most `onlineLimit` of them, plus one confirmation for a hit.
 */
export const defaultSecretAccepted: Check = {
  meta: {
    id: 'default-secret-accepted',
    title: 'Default or empty secret is accepted',
    proves:
      'a signature made with a well-known, placeholder or empty secret passes authentication',
    severity: 'critical',
    cwe: [798, 1391, 521],
    owasp: OWASP.brokenAuthentication,
    level: 'L0',
    remediation: 'strong-secret',
    sends: ['forged'],
    // An endpoint that accepts any or no signature accepts these too; that finding
    // already says so, and the secret may well be strong.
    subsumedBy: ['invalid-signature-accepted', 'unsigned-request-accepted'],
  },

  async run(context) {
    const baseline = await context.baseline();
    const judge = await context.judge();
    if (!judge.canJudge) return [];
    // With random wrong secrets accepted, an accepted default proves nothing about it.
    const forged = await context.verdict(baseline.forged);
    if (forged.outcome === 'accepted') return [];

    const entries = bundledSecrets().slice(0, context.weakSecrets.onlineLimit);
    for (const [index, secret] of entries.entries()) {
      const label = `signed with bundled secret #${index + 1} (${secret.length} bytes)`;
      const probe = await context.send(label, context.signWith(secret), 'forged');
      const verdict = await context.verdict(probe);
      if (verdict.outcome !== 'accepted') continue;

      // A fresh signature (new timestamp and id where the scheme has them), not a
      // resend, so a replay cache or a one-off glitch cannot make the proof.
      const again = await context.send(
        `${label} (confirmation)`,
        context.signWith(secret),
        'forged',
      );
      if ((await context.verdict(again)).outcome !== 'accepted') continue;

      return [
        {
          message:
            `A request signed with entry #${index + 1} of sigprobe's bundled list of default ` +
            `secrets (${describe(secret)}) was accepted (HTTP ${probe.response?.status}), while ` +
            `random wrong secrets were rejected (HTTP ${baseline.forged.response?.status}). ` +
            'Anyone can sign requests for this endpoint.',
          basis: `${verdict.basis}; a second request freshly signed with the same secret was accepted too`,
          confidence: verdict.confidence,
          probes: [probe, again],
          references: [baseline.forged],
          details: { bundledEntry: index + 1, secretLength: secret.length, tried: index + 1 },
        },
      ];
    }
    return [];
  },
};

/** The secret itself never goes in a report; its place in the public list identifies it. */
function describe(secret: Buffer): string {
  return secret.length === 0
    ? 'the empty secret'
    : `${secret.length} bytes; see data/secrets.txt`;
}
