import type { SuccessObservation } from '../../domain/observation.js';
import { findingFromModelStatus } from '../../deprecations/model-status.js';
import type { CandidateDraft } from '../../probes/types.js';

/**
 * A lifecycle stage reported inside responses (Gemini `modelStatus`: DEPRECATED / RETIRED or a
 * retirementTime) is a `deprecation.announced` for the target, from the first ok observation that
 * carries one. Confirmed on sight: the provider states it, nothing statistical is involved; one
 * canary of the target owns it (see target-level.ts), so one announcement is one finding.
 */
export function modelStatusCandidates(ok: readonly SuccessObservation[], target: string): CandidateDraft[] {
  for (const o of ok) {
    const draft = findingFromModelStatus(target, o.modelStatus);
    if (!draft) continue;
    const stage = o.modelStatus?.stage ?? 'unknown';
    return [{ ...draft, subject: `modelStatus:${stage}`, confirmCycles: 1 }];
  }
  return [];
}
