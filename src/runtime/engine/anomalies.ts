import type { Canary } from '../../config/canary-schema.js';
import type { SuccessObservation } from '../../domain/observation.js';
import { checker, describeRule } from '../../probes/assertions/check.js';
import { reasoningCheck, totalCheck } from '../../probes/tokens/invariants.js';
import type { SampleAnomaly } from '../../snapshots/index.js';

export type { SampleAnomaly } from '../../snapshots/index.js';

/**
 * Samples a baseline must not absorb silently: an answer the adapter's schema rejects, that breaks
 * the canary's own assertion, or whose usage breaks the token invariants. Recorded into a baseline
 * they would hide the same break later (the probes compare against what the baseline holds).
 */
export function sampleAnomalies(samples: readonly SuccessObservation[], canary: Canary): SampleAnomaly[] {
  const rules = (canary.assert ?? []).map((rule) => ({ name: describeRule(rule), check: checker(rule) }));
  const out: SampleAnomaly[] = [];
  for (const s of samples) {
    const at = { sample: s.sample, ...(s.item !== undefined ? { item: s.item } : {}) };
    for (const issue of s.schemaIssues) out.push({ ...at, kind: 'schema', detail: issue });
    for (const rule of rules) {
      const why = rule.check(s.text);
      if (why !== null) out.push({ ...at, kind: 'assertion', detail: `${rule.name}: ${why}` });
    }
    const u = s.usage;
    if (totalCheck(u) === 'broken') {
      out.push({ ...at, kind: 'tokens', detail: `total ${u.total} ≠ input ${u.input} + output ${u.output}` });
    }
    if (reasoningCheck(u) === 'broken') {
      out.push({ ...at, kind: 'tokens', detail: `reasoning ${u.reasoning} > output ${u.output}` });
    }
  }
  return out;
}
