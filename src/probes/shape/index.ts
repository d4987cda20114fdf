import { isClientCapped } from '../../domain/observation.js';
import type { Probe, ProbeContext } from '../types.js';
import { enumDrafts, headerDrafts, schemaDrafts } from './extras.js';
import { fieldDrafts } from './fields.js';
import { mergeShape, summarizeShape } from './lines.js';
import { ShapeSummary } from './schema.js';

/** Answers tripline cut short itself (client-side cap) say nothing about the provider's shape. */
const isWhole = (o: { finishReason: string | null }): boolean => !isClientCapped(o);

/**
 * The answers whose envelope is compared. A refusal's body differs by design (`content: null`, no
 * Gemini candidates): where the canary runs the assertions probe it reports the refusal itself
 * (assertion.refusal), so the shape probe leaves refusals out rather than page twice.
 */
function comparable<T extends { finishReason: string | null; refusal?: string }>(samples: readonly T[], ctx: ProbeContext): T[] {
  const refusalsOwned = ctx.canary.probes.includes('assertions');
  return samples.filter((s) => isWhole(s) && !(refusalsOwned && s.refusal !== undefined));
}

/**
 * Envelope shape (docs/statistics.md#envelope-shape): exact diff of the response's JSON paths and types, header names, enum values
 * and schema issues. Removals count only paths present in every baseline sample and absent from
 * every current sample; additions only paths present in every current sample and never in the
 * baseline, so optional fields (refusal, logprobs) do not flap.
 */
export const shape = {
  id: 'shape',
  summarySchema: ShapeSummary,
  summarize: (samples, ctx) => summarizeShape(comparable(samples, ctx)),
  merge: mergeShape,
  evaluate({ baseline, current: all, ctx }) {
    const current = comparable(all, ctx);
    // Nothing whole on one side (every baseline answer stopped by the client cap): nothing to compare.
    if (current.length === 0 || baseline.summary.lines.length === 0) return { findings: [], state: null, metrics: { changes: 0 } };
    const now = summarizeShape(current);
    const findings = [
      ...fieldDrafts(baseline.summary, now, ctx),
      ...headerDrafts(baseline.summary, now, ctx),
      ...enumDrafts(baseline.summary, now, ctx),
      ...schemaDrafts(baseline.summary, now, current, ctx),
    ];
    return { findings, state: null, metrics: { changes: findings.length } };
  },
} satisfies Probe<ShapeSummary, null>;
