import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation } from '../../domain/observation.js';
import { acceptTargetCommand, sortedUnique } from '../accept-hint.js';
import type { ProbeContext } from '../types.js';
import { classifyInputShift, type InputShift } from './classify.js';
import { promptKey } from './prompt-text.js';
import type { TokensSummary } from './schema.js';

/** The baseline value nearest to the current one (the baseline has one value under H0). */
const nearest = (values: readonly number[], to: number): number | undefined =>
  [...values].sort((a, b) => Math.abs(a - to) - Math.abs(b - to) || a - b)[0];

/** The most frequent value, the smallest on ties. */
function mode(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/** Per prompt: the baseline and current input counts (the current mode), for prompts the baseline knows. */
export function inputShifts(baseline: TokensSummary, current: readonly SuccessObservation[]): (InputShift & { values: number[] })[] {
  const byKey = new Map<string, number[]>();
  for (const s of current) {
    if (s.usage.input === null) continue;
    const key = promptKey(s.item);
    byKey.set(key, [...(byKey.get(key) ?? []), s.usage.input]);
  }
  const out: (InputShift & { values: number[] })[] = [];
  for (const [key, values] of [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const prompt = baseline.prompts[key];
    if (!prompt) continue;
    // Any value outside the baseline set is a change, even in one sample of several.
    const novel = values.filter((v) => !prompt.inputs.includes(v));
    const after = mode(novel.length > 0 ? novel : values);
    const before = after === undefined ? undefined : nearest(prompt.inputs, after);
    if (after === undefined || before === undefined) continue;
    out.push({ canary: key, chars: prompt.chars, nonAscii: prompt.nonAscii, before, after, values: sortedUnique(values) });
  }
  return out;
}

/** tokens.input_changed drafts, one per prompt whose input count moved, classified within the canary. */
export function inputDrafts(baseline: TokensSummary, current: readonly SuccessObservation[], ctx: ProbeContext): FindingDraft[] {
  const shifts = inputShifts(baseline, current);
  const verdict = classifyInputShift(shifts);
  return shifts
    .filter((s) => s.after !== s.before)
    .map((s): FindingDraft => {
      const delta = s.after - s.before;
      const percent = s.before === 0 ? null : Math.round((delta / s.before) * 1000) / 10;
      const where = s.canary === '*' ? 'the same prompt' : `item ${s.canary}`;
      const verb = delta > 0 ? 'rose' : 'fell';
      return {
        kind: 'tokens.input_changed',
        severity: 'warning',
        subject: s.canary === '*' ? 'input' : `input:${s.canary}`,
        summary: `input tokens for ${where} ${verb} ${percent === null ? '' : `${Math.abs(percent)}% `}(${s.before} → ${s.after})`,
        evidence: {
          before: s.before,
          after: s.after,
          delta,
          percent,
          observed: s.values,
          chars: s.chars,
          nonAscii: s.nonAscii,
          classification: verdict.kind,
          explanation: verdict.explanation,
          intercept: verdict.intercept,
          slopePer1k: verdict.slopePer1k,
        },
        action: `${verdict.explanation}; re-check cost forecasts, context-window headroom and prompt-cache keys; accept with ${acceptTargetCommand(ctx)} once understood.`,
      };
    });
}
