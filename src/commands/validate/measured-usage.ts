import type { Canary } from '../../config/canary-schema.js';
import type { MeasuredLookup, MeasuredUsage } from '../../config/cost-estimate.js';
import { billedTokens } from '../../domain/billing.js';
import { SnapshotError } from '../../domain/errors.js';
import { canaryHash, readSnapshot, type Snapshot } from '../../snapshots/index.js';

/**
 * The measured usage of each (target, canary) pair from its baseline snapshot, for `validate`'s daily
 * cost. A pair without a snapshot, with an unreadable one, or whose canary was edited since (its hash
 * differs: the recorded usage belongs to another prompt) has none, and is estimated instead.
 */
export function measuredUsageFrom(snapshotsDir: string, canaries: readonly Canary[]): MeasuredLookup {
  const byId = new Map(canaries.map((c) => [c.id, c]));
  const cache = new Map<string, MeasuredUsage | undefined>();
  return (target, canaryId) => {
    const key = `${target}\u0000${canaryId}`;
    if (!cache.has(key)) cache.set(key, measure(snapshotsDir, target, byId.get(canaryId)));
    return cache.get(key);
  };
}

function measure(dir: string, target: string, canary: Canary | undefined): MeasuredUsage | undefined {
  if (!canary) return undefined;
  let snapshot: Snapshot | null;
  try {
    snapshot = readSnapshot(dir, target, canary.id);
  } catch (error) {
    // validate reports broken snapshot files as problems before it gets here; estimate meanwhile.
    if (error instanceof SnapshotError) return undefined;
    throw error;
  }
  if (!snapshot || snapshot.canaryHash !== canaryHash(canary)) return undefined;
  return usageOf(snapshot.samples);
}

/**
 * Mean billed tokens per sample (domain/billing.ts: the whole prompt, cache reads and writes
 * included, and thoughts reported apart) over the samples that report both counts; undefined when
 * none does.
 */
export function usageOf(samples: Snapshot['samples']): MeasuredUsage | undefined {
  let input = 0;
  let output = 0;
  let n = 0;
  for (const sample of samples) {
    if (sample.usage.input === null || sample.usage.output === null) continue;
    const billed = billedTokens(sample);
    input += billed.input;
    output += billed.output;
    n += 1;
  }
  return n === 0 ? undefined : { inputPerRequest: input / n, outputPerRequest: output / n, samples: n };
}
