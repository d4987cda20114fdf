import type { CandidateDraft } from './types.js';

/**
 * What a cycle of a single answer raised, with the one sighting more it needs than the configured
 * rule (docs/statistics.md#confirm-on-suspicion): one answer cannot tell an odd sample (a garbled
 * answer, a stream cut short by a blip) from a broken contract. With odd samples at rate g a false
 * report stays near g³ per cycle where two answers a cycle gave g⁴, and a contract broken in a share
 * q of the answers is reported at q³ per cycle instead of q⁴.
 */
export function withThinEvidence(findings: readonly CandidateDraft[], answers: number): CandidateDraft[] {
  return answers < 2 ? findings.map((f) => ({ ...f, extraSightings: (f.extraSightings ?? 0) + 1 })) : [...findings];
}
