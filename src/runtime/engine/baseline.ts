import type { Canary } from '../../config/canary-schema.js';
import type { TriplineConfig } from '../../config/schema.js';
import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation } from '../../domain/observation.js';
import type { Target } from '../../domain/target.js';
import { probes } from '../../probes/registry.js';
import type { ProbeContext } from '../../probes/types.js';
import { buildSnapshot, writeSnapshot, type SampleAnomaly, type Snapshot } from '../../snapshots/index.js';
import type { EngineDeps } from './types.js';

/**
 * Writes (or grows) the reviewed baseline of a (target, canary) from this cycle's observations.
 * Resolves, once the file is on disk, with the informational finding that says so.
 */
export async function recordBaseline(input: {
  deps: EngineDeps;
  canary: Canary;
  target: Target;
  ok: SuccessObservation[];
  ctx: ProbeContext;
  previous: Snapshot | null;
  reason: string;
  /** Anomalous samples recorded on purpose (`--accept-anomalies`), listed in the snapshot. */
  acceptedAnomalies?: readonly SampleAnomaly[];
}): Promise<FindingDraft> {
  const { config } = input.deps.loaded;
  const snapshot = buildSnapshot({
    target: input.target.id,
    canary: input.canary,
    observations: input.ok,
    probes,
    ctx: input.ctx,
    previous: input.previous ?? undefined,
    ...(input.acceptedAnomalies?.length ? { acceptedAnomalies: input.acceptedAnomalies } : {}),
  });
  await writeSnapshot(config.snapshots, snapshot);
  return {
    kind: 'baseline.recorded',
    severity: 'info',
    subject: input.reason,
    summary: `baseline for ${input.target.id} × ${input.canary.id} recorded (${input.reason}): ${snapshot.samples.length} samples over ${snapshot.collection.cycles} cycle(s)`,
    evidence: { samples: snapshot.samples.length, cycles: snapshot.collection.cycles, reason: input.reason },
    action: 'Review the new snapshot file in a pull request like a test snapshot; later cycles compare against it.',
  };
}

/** The daemon keeps growing a young baseline pool (warm-up) while cycles show nothing. */
export function shouldGrowPool(snapshot: Snapshot, config: TriplineConfig): boolean {
  return snapshot.collection.cycles < config.evaluation.warmupCycles;
}
