import type { SuccessObservation } from '../../domain/observation.js';
import { sortedUnique } from '../accept-hint.js';
import type { Probe, ProbeContext } from '../types.js';
import { inputDrafts } from './input-change.js';
import { invariantDrafts, invariantsHeld } from './invariants.js';
import { lengthCaps, outputCapDraft } from './output-cap.js';
import { charCounts, promptKey, promptText } from './prompt-text.js';
import { TokensSummary, type PromptTokens } from './schema.js';
import type { ProbeMetrics } from '../metric-units.js';

function summarize(samples: readonly SuccessObservation[], ctx: ProbeContext): TokensSummary {
  const prompts: Record<string, PromptTokens> = {};
  const keys = sortedUnique(samples.map((s) => promptKey(s.item)));
  for (const key of keys) {
    const mine = samples.filter((s) => promptKey(s.item) === key);
    const inputs = sortedUnique(mine.flatMap((s) => (s.usage.input === null ? [] : [s.usage.input])));
    prompts[key] = { inputs, ...charCounts(promptText(ctx.canary, key === '*' ? undefined : key)) };
  }
  return { prompts, lengthCaps: lengthCaps(samples), invariants: invariantsHeld(samples.map((s) => s.usage)) };
}

/**
 * Token accounting (docs/statistics.md#token-accounting): input tokens of a fixed prompt are exactly constant; usage invariants hold;
 * the output cap stays where it was. Every sample field it reads is in the compact SampleRecord,
 * so a grown pool is re-summarized from its samples.
 */
export const tokens = {
  id: 'tokens',
  summarySchema: TokensSummary,
  summarize: (samples, ctx) => summarize(samples, ctx),
  evaluate({ baseline, current, ctx }) {
    const cap = outputCapDraft(baseline.summary.lengthCaps, current, ctx);
    const findings = [
      ...inputDrafts(baseline.summary, current, ctx),
      ...invariantDrafts(baseline.summary.invariants, current.map((s) => s.usage), ctx),
      ...(cap ? [cap] : []),
    ];
    const inputs = current.flatMap((s) => (s.usage.input === null ? [] : [s.usage.input]));
    const metrics: ProbeMetrics = {};
    if (inputs.length > 0) metrics.inputTokens = Math.max(...inputs);
    return { findings, state: null, metrics };
  },
} satisfies Probe<TokensSummary, null>;
