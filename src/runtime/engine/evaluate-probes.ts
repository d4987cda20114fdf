import type { Canary, ProbeId } from '../../config/canary-schema.js';
import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation } from '../../domain/observation.js';
import { probes } from '../../probes/registry.js';
import type { Probe, ProbeContext } from '../../probes/types.js';
import type { Snapshot } from '../../snapshots/index.js';
import type { CandidateDraft } from '../../probes/types.js';
import type { Fence, Sql } from '../../storage/index.js';

/** A listed probe that did not run this cycle. */
export interface SkippedProbe {
  probe: ProbeId;
  reason: string;
}

export interface ProbeEvaluation {
  candidates: CandidateDraft[];
  metrics: Record<string, number>;
  /** Probes that could not run, with why (missing or unreadable baseline section); reported as `probe.skipped`. */
  skipped: SkippedProbe[];
}

/** Runs every probe the canary lists against its baseline section; probe state is carried in SQLite. */
export async function evaluateProbes(input: {
  db: Sql;
  /** Probe state is written under the leader epoch. */
  fence: Fence;
  canary: Canary;
  snapshot: Snapshot;
  current: SuccessObservation[];
  ctx: ProbeContext;
  now: string;
}): Promise<ProbeEvaluation> {
  const out: ProbeEvaluation = { candidates: [], metrics: {}, skipped: [] };
  const readState = 'SELECT state FROM probe_state WHERE target = ? AND canary = ? AND probe = ?';
  const writeState = `INSERT INTO probe_state (target, canary, probe, state, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(target, canary, probe) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;
  for (const id of input.canary.probes) {
    const probe: Probe = probes[id];
    const section = probe.summarySchema.safeParse(input.snapshot.probes[id]);
    if (!section.success) {
      out.skipped.push({ probe: id, reason: 'baseline has no readable section for this probe; run `tripline baseline`' });
      continue;
    }
    const row = await input.db.get<{ state: string }>(readState, [input.ctx.target, input.canary.id, id]);
    const result = probe.evaluate({
      baseline: { summary: section.data, samples: input.snapshot.samples },
      current: input.current,
      state: row ? JSON.parse(row.state) : null,
      ctx: input.ctx,
    });
    if (result.state !== null) {
      const state = JSON.stringify(result.state);
      await input.fence.write((tx) => tx.run(writeState, [input.ctx.target, input.canary.id, id, state, input.now]));
    }
    out.candidates.push(...result.findings);
    for (const [name, value] of Object.entries(result.metrics)) out.metrics[`${id}.${name}`] = value;
  }
  return out;
}

/** The canary as sent this cycle: each listed probe may adjust it to its baseline section and the target. */
export function adjustedCanary(canary: Canary, snapshot: Snapshot | null, target: { type: string; model: string }): Canary {
  return canary.probes.reduce((adjusted, id) => {
    const probe: Probe = probes[id];
    return probe.adjustCanary ? probe.adjustCanary(adjusted, snapshot?.probes[id], target) : adjusted;
  }, canary);
}

/** A probe that could not run is reported, not silently dropped: an info finding, kind `probe.skipped`. */
export function skippedProbeDraft({ probe, reason }: SkippedProbe): FindingDraft {
  return {
    kind: 'probe.skipped',
    severity: 'info',
    subject: probe,
    summary: `probe ${probe} did not run: ${reason}`,
    evidence: { probe, reason },
    action: 'Record a new baseline for this canary so the probe has a section to compare against.',
  };
}
