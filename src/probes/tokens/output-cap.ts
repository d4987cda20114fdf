import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation, Usage } from '../../domain/observation.js';
import { acceptCommand, sortedUnique } from '../accept-hint.js';
import type { ProbeContext } from '../types.js';
import { reasoningApart } from '../../domain/billing.js';

/** Finish reasons that mean "stopped by the output token limit" (OpenAI Chat and Responses `incomplete_details.reason`, Anthropic, Gemini). */
export function isLengthStop(reason: string | null): boolean {
  return reason !== null && ['length', 'max_tokens', 'max_output_tokens'].includes(reason.toLowerCase());
}

/**
 * The output tokens the provider counts against the output cap: the answer, plus thoughts where
 * they are reported apart from it (Gemini counts them against maxOutputTokens).
 */
export function cappedTokens(u: Usage): number | null {
  if (u.output === null) return null;
  return reasoningApart(u) ? u.output + (u.reasoning ?? 0) : u.output;
}

/** Capped token counts of samples that stopped at the length limit. */
export function lengthCaps(samples: readonly Pick<SuccessObservation, 'finishReason' | 'usage'>[]): number[] {
  return sortedUnique(
    samples.filter((s) => isLengthStop(s.finishReason)).flatMap((s) => {
      const n = cappedTokens(s.usage);
      return n === null ? [] : [n];
    }),
  );
}

/** Tokens the adapter added to maxTokens: room for thoughts and a provider's minimum cap. */
function capRaise(s: SuccessObservation): number {
  return (s.thinking?.capAllowance ?? 0) + (s.capRaisedBy ?? 0);
}

/** Length stops above the cap the request really had (maxTokens plus what the adapter added). */
function overCap(current: readonly SuccessObservation[], maxTokens: number): number[] {
  return current.flatMap((s) => {
    const n = isLengthStop(s.finishReason) ? cappedTokens(s.usage) : null;
    return n !== null && n > maxTokens + capRaise(s) ? [n] : [];
  });
}

/** ` (+128 for thoughts)` / ` (raised by 15 to the provider's minimum)` where the adapter raised the request's cap. */
function allowanceNote(current: readonly SuccessObservation[]): string {
  const allowance = Math.max(0, ...current.map((s) => s.thinking?.capAllowance ?? 0));
  const floor = Math.max(0, ...current.map((s) => s.capRaisedBy ?? 0));
  return (allowance > 0 ? ` (+${allowance} for thoughts)` : '') + (floor > 0 ? ` (raised by ${floor} to the provider's minimum)` : '');
}

/**
 * An output cap change: samples stopped by the limit with more output tokens than the canary's
 * maxTokens, or (with one constant cap in the baseline) stopped at a different count.
 */
export function outputCapDraft(baselineCaps: readonly number[], current: readonly SuccessObservation[], ctx: ProbeContext): FindingDraft | null {
  const caps = lengthCaps(current);
  const maxTokens = ctx.canary.request.params.maxTokens;
  const over = maxTokens === undefined ? [] : overCap(current, maxTokens);
  const [cap] = baselineCaps;
  const moved = baselineCaps.length === 1 && cap !== undefined ? caps.filter((c) => c !== cap) : [];
  if (over.length === 0 && moved.length === 0) return null;
  const after = Math.max(...over, ...moved);
  const summary =
    over.length > 0
      ? `responses stopped at the length limit with ${after} output tokens although maxTokens is ${maxTokens}${allowanceNote(current)}`
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
