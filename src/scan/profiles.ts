import type { CheckMeta, CheckTuning, Profile } from '../checks/types.js';

/**
 * What each profile sets. The check set per profile comes from each check's
 * `meta.profile`; these are the sizes of the checks that measure or repeat.
 * Request counts per profile are documented in the README, "Profiles" (measured on the lab).
 */
export const PROFILE_TUNING: Record<Profile, CheckTuning> = {
  quick: { profile: 'quick', timing: false, timingBudget: 600, burst: 30 },
  standard: { profile: 'standard', timing: false, timingBudget: 1000, burst: 30 },
  deep: { profile: 'deep', timing: true, timingBudget: 2000, burst: 30 },
};

/**
 * Checks in the quick profile besides those whose meta says so: the foundation's
 * cheap ones (references plus a handful of probes each). A check that names no
 * profile and is not listed here runs from `standard` on.
 */
const QUICK_CHECK_IDS = new Set([
  'invalid-signature-accepted',
  'malformed-signature-accepted',
  'plaintext-transport',
  'unauthenticated-operation',
  'unsigned-request-accepted',
]);

export function checkProfile(meta: CheckMeta): Profile {
  return meta.profile ?? (QUICK_CHECK_IDS.has(meta.id) ? 'quick' : 'standard');
}

export const DEFAULT_TUNING: CheckTuning = PROFILE_TUNING.standard;

export interface TuningFlags {
  profile?: Profile;
  timing?: boolean;
  timingBudget?: number;
  burst?: number;
}

/** The profile's tuning with the user's explicit flags on top. */
export function resolveTuning(flags: TuningFlags): CheckTuning {
  const base = PROFILE_TUNING[flags.profile ?? 'standard'];
  return {
    profile: base.profile,
    timing: flags.timing ?? base.timing,
    timingBudget: flags.timingBudget ?? base.timingBudget,
    burst: flags.burst ?? base.burst,
  };
}
