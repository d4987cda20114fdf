import { isClientCapped } from '../../domain/observation.js';
import type { Probe } from '../types.js';
import { enumDrafts, headerDrafts, schemaDrafts } from './extras.js';
import { fieldDrafts } from './fields.js';
import { mergeShape, summarizeShape } from './lines.js';
import { ShapeSummary } from './schema.js';

/** Answers tripline cut short itself (client-side cap) say nothing about the provider's shape. */
const isWhole = (o: { finishReason: string | null }): boolean => !isClientCapped(o);

/**
 * S0 envelope shape: exact diff of the response's JSON paths and types, header names, enum values
 * and schema issues. Removals count only paths present in every baseline sample and absent from
 * every current sample; additions only paths present in every current sample and never in the
 * baseline, so optional fields (refusal, logprobs) do not flap.
 */
export const shape = {
  id: 'shape',
  summarySchema: ShapeSummary,
  summarize: (samples, _ctx) => summarizeShape(samples.filter(isWhole)),
  merge: mergeShape,
  evaluate({ baseline, current: all, ctx }) {
    const current = all.filter(isWhole);
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
