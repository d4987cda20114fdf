import type { FindingDraft } from '../../domain/finding.js';
import type { Probe } from '../types.js';
import { checker, describeRule } from './check.js';
import { AssertionsSummary } from './schema.js';

/**
 * The canary's own `assert` rules (JSON Schema, regex, contains) on every output text. No baseline
 * comparison: a rule that fails in more than half of the cycle's samples raises one
 * assertion.failed. A broken contract fails every sample; one garbled sample among several is the
 * provider's ordinary nondeterminism and is only counted (metric `failedSamples`).
 */
export const assertions = {
  id: 'assertions',
  summarySchema: AssertionsSummary,
  summarize: (_samples, ctx) => ({ rules: ctx.canary.assert?.length ?? 0 }),
  evaluate({ current, ctx }) {
    const rules = ctx.canary.assert ?? [];
    const findings: FindingDraft[] = [];
    let failedSamples = 0;
    rules.forEach((rule, index) => {
      const check = checker(rule);
      const failures = current.flatMap((s) => {
        const why = check(s.text);
        return why === null ? [] : [{ sample: s.sample, ...(s.item ? { item: s.item } : {}), why, text: s.text.slice(0, 200) }];
      });
      const first = failures[0];
      failedSamples += failures.length;
      if (!first || failures.length * 2 <= current.length) return;
      const name = describeRule(rule);
      findings.push({
        kind: 'assertion.failed',
        severity: 'warning',
        subject: `assert[${index}]`,
        summary: `assertion ${index + 1} (${name}) failed on ${failures.length}/${current.length} samples: ${first.why}`,
        evidence: { before: 'passes', after: failures.map((f) => f.why), rule, failures },
        action: `Outputs no longer satisfy ${name}: check the failing samples, tighten the prompt or your parser, or fix the rule in canary ${ctx.canary.id}.`,
      });
    });
    return { findings, state: null, metrics: { failed: findings.length, failedSamples } };
  },
} satisfies Probe<AssertionsSummary, null>;
