import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation } from '../../domain/observation.js';
import { acceptCommand, sortedUnique } from '../accept-hint.js';
import type { ProbeContext } from '../types.js';

/** Finish reasons that mean "stopped by the output token limit" (OpenAI, Anthropic, Gemini). */
export function isLengthStop(reason: string | null): boolean {
  return reason !== null && ['length', 'max_tokens'].includes(reason.toLowerCase());
}

/** Output token counts of samples that stopped at the length limit. */
export function lengthCaps(samples: readonly Pick<SuccessObservation, 'finishReason' | 'usage'>[]): number[] {
  return sortedUnique(samples.filter((s) => isLengthStop(s.finishReason)).flatMap((s) => (s.usage.output === null ? [] : [s.usage.output])));
}

/**
 * An output cap change: samples stopped by the limit with more output tokens than the canary's
 * maxTokens, or (with one constant cap in the baseline) stopped at a different count.
 */
export function outputCapDraft(baselineCaps: readonly number[], current: readonly SuccessObservation[], ctx: ProbeContext): FindingDraft | null {
  const caps = lengthCaps(current);
  const maxTokens = ctx.canary.request.params.maxTokens;
  const over = maxTokens === undefined ? [] : caps.filter((c) => c > maxTokens);
  const [cap] = baselineCaps;
  const moved = baselineCaps.length === 1 && cap !== undefined ? caps.filter((c) => c !== cap) : [];
  if (over.length === 0 && moved.length === 0) return null;
  const after = Math.max(...over, ...moved);
  const summary =
    over.length > 0
      ? `responses stopped at the length limit with ${after} output tokens although maxTokens is ${maxTokens}`
      : `the effective output cap moved: responses stop at the length limit after ${after} tokens (baseline ${cap})`;
  return {
    kind: 'tokens.output_cap_changed',
    severity: 'warning',
    subject: 'output-cap',
    summary,
    evidence: { before: over.length > 0 ? maxTokens : cap, after, lengthStops: caps, ...(cap !== undefined ? { baselineCaps } : {}) },
    action: `The provider changed how it applies max output tokens (an implicit default or the limit's accounting): check truncation and cost limits in your clients, then accept with ${acceptCommand(ctx)}.`,
  };
}
