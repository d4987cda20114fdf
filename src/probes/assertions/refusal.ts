import type { FindingDraft } from '../../domain/finding.js';
import type { ChoiceReading, SuccessObservation } from '../../domain/observation.js';
import { acceptCommand } from '../accept-hint.js';
import type { ProbeContext, SampleRecord } from '../types.js';

/** One answer to judge, with the sample it came from. */
export interface Answer extends ChoiceReading {
  sample: number;
  item?: string;
}

/** Every answer of a cycle: each choice of a response that carried several (OpenAI `n`), else the response. */
export function answersOf(current: readonly SuccessObservation[]): Answer[] {
  return current.flatMap((s) => {
    const where = { sample: s.sample, ...(s.item ? { item: s.item } : {}) };
    const choices: ChoiceReading[] = s.choices ?? [s];
    return choices.map((c) => ({ ...where, text: c.text, finishReason: c.finishReason, ...(c.refusal !== undefined ? { refusal: c.refusal } : {}) }));
  });
}

const isRefusal = (a: { refusal?: string }): boolean => a.refusal !== undefined;

/**
 * Answers that turned into refusals: more than half of this cycle's answers are refusals while at
 * most half of the baseline's were (a canary whose prompt is meant to be refused stays quiet).
 * Persistence over cycles is the runtime's usual rule.
 */
export function refusalDraft(answers: readonly Answer[], baseline: readonly SampleRecord[], ctx: ProbeContext): FindingDraft | null {
  const refused = answers.filter(isRefusal);
  const before = baseline.filter(isRefusal).length;
  const first = refused[0];
  if (!first || refused.length * 2 <= answers.length || before * 2 > baseline.length) return null;
  return {
    kind: 'assertion.refusal',
    severity: 'warning',
    subject: 'refusal',
    summary: `the model refused ${refused.length}/${answers.length} answers (baseline: ${before}/${baseline.length}): ${JSON.stringify((first.refusal ?? '').slice(0, 120))}`,
    evidence: {
      before: `${before}/${baseline.length} refusals`,
      after: refused.slice(0, 5).map((r) => r.refusal),
      refused: refused.length,
      of: answers.length,
      samples: refused.slice(0, 5).map((r) => ({ sample: r.sample, ...(r.item ? { item: r.item } : {}) })),
    },
    action: `The model now declines canary ${ctx.canary.id}'s prompt: check the provider's policy and moderation changes and what your users get for the same request; if the refusal is intended, accept with ${acceptCommand(ctx)}.`,
  };
}
