import { withThinEvidence } from '../thin-evidence.js';
import type { CandidateDraft, Probe } from '../types.js';
import { checker, describeRule } from './check.js';
import { answersOf, refusalDraft } from './refusal.js';
import { AssertionsSummary } from './schema.js';

/**
 * The canary's own `assert` rules (JSON Schema, regex, contains) on every answer (every choice of
 * a response with several). No baseline comparison: a rule that fails in more than half of the
 * cycle's answers raises one assertion.failed. A broken contract fails every sample; one garbled
 * sample among several is the provider's ordinary nondeterminism and is only counted (metric
 * `failedSamples`). Refusals are not checked against the rules: answers that turn into refusals
 * raise one assertion.refusal instead.
 *
 * What a cycle of a single answer raises needs one more sighting (thin-evidence.ts): it cannot tell
 * one garbled sample from a broken contract.
 */
export const assertions = {
  id: 'assertions',
  summarySchema: AssertionsSummary,
  summarize: (_samples, ctx) => ({ rules: ctx.canary.assert?.length ?? 0 }),
  evaluate({ baseline, current, ctx }) {
    const rules = ctx.canary.assert ?? [];
    const answers = answersOf(current);
    const answered = answers.filter((a) => a.refusal === undefined);
    const refusal = refusalDraft(answers, baseline.samples, ctx);
    const findings: CandidateDraft[] = refusal ? [refusal] : [];
    let failedSamples = 0;
    rules.forEach((rule, index) => {
      const check = checker(rule);
      const failures = answered.flatMap((s) => {
        const why = check(s.text);
        return why === null ? [] : [{ sample: s.sample, ...(s.item ? { item: s.item } : {}), why, text: s.text.slice(0, 200) }];
      });
      const first = failures[0];
      failedSamples += failures.length;
      if (!first || failures.length * 2 <= answered.length) return;
      const name = describeRule(rule);
      findings.push({
        kind: 'assertion.failed',
        severity: 'warning',
        subject: `assert[${index}]`,
        summary: `assertion ${index + 1} (${name}) failed on ${failures.length}/${answered.length} samples: ${first.why}`,
        evidence: { before: 'passes', after: failures.map((f) => f.why), rule, failures },
        action: `Outputs no longer satisfy ${name}: check the failing samples, tighten the prompt or your parser, or fix the rule in canary ${ctx.canary.id}.`,
      });
    });
    const failed = findings.filter((f) => f.kind === 'assertion.failed').length;
    return { findings: withThinEvidence(findings, answers.length), state: null, metrics: { failed, failedSamples } };
  },
} satisfies Probe<AssertionsSummary, null>;
