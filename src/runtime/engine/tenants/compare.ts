import type { Canary, ProbeId } from '../../../config/canary-schema.js';
import type { FindingKind } from '../../../domain/finding.js';
import type { SuccessObservation } from '../../../domain/observation.js';
import { probes } from '../../../probes/registry.js';
import type { Probe, ProbeContext, SampleRecord } from '../../../probes/types.js';
import { fromSampleRecord } from '../../../snapshots/index.js';

/**
 * Probes whose tests say which model answered: the echoed model id, token counts of a fixed prompt,
 * and the output distributions. Not shape (the envelope) and not ratelimit (limits differ per key
 * by design), and not assertions (they judge the answer, not the model behind it).
 */
const MODEL_PROBES: readonly ProbeId[] = ['identity', 'tokens', 'length', 'logprobs', 'calibration', 'behavior', 'reproducibility'];

/** The exact comparisons cost nothing extra and apply to every canary, listed or not. */
const EXACT_PROBES: readonly ProbeId[] = ['identity', 'tokens'];

/** One test of one probe that found this member's window unlike its peer's. */
export interface TenantTest {
  probe: ProbeId;
  kind: FindingKind;
  subject?: string;
  summary: string;
  pValue?: number;
  before?: unknown;
  after?: unknown;
}

/** The probes that compare two members on this canary: the exact ones, and the canary's statistical ones. */
export function comparedProbes(canary: Canary): ProbeId[] {
  return MODEL_PROBES.filter((id) => EXACT_PROBES.includes(id) || canary.probes.includes(id));
}

/**
 * Compares this member's window with a peer's window of the same canary, using each probe's own
 * summarize and evaluate with the peer's window in the place of the baseline pool: the same exact
 * diffs and the same two-sample tests (at the same α) as against a baseline. Only warning or
 * critical results count; a new fingerprint alone is informational here as it is in the identity
 * probe. No carried state: every cycle is judged afresh, the runtime's persistence confirms.
 */
export function compareWindows(input: {
  canary: Canary;
  ctx: ProbeContext;
  mine: readonly SuccessObservation[];
  peer: { target: string; samples: readonly SampleRecord[] };
}): TenantTest[] {
  const { canary, ctx, mine, peer } = input;
  if (mine.length === 0 || peer.samples.length === 0) return [];
  const peerObservations = peer.samples.map((s) => fromSampleRecord(s, peer.target, canary.id));
  const tests: TenantTest[] = [];
  for (const id of comparedProbes(canary)) {
    const probe: Probe = probes[id];
    const summary = probe.summarize(peerObservations, { ...ctx, target: peer.target });
    const result = probe.evaluate({ baseline: { summary, samples: [...peer.samples] }, current: [...mine], state: null, ctx });
    for (const f of result.findings) {
      if (f.severity === 'info') continue;
      const pValue = typeof f.evidence['pValue'] === 'number' ? f.evidence['pValue'] : undefined;
      tests.push({
        probe: id,
        kind: f.kind,
        ...(f.subject !== undefined ? { subject: f.subject } : {}),
        summary: f.summary,
        ...(pValue !== undefined ? { pValue } : { before: f.evidence.before, after: f.evidence.after }),
      });
    }
  }
  return tests;
}
