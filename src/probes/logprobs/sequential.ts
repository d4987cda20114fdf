/**
 * The logprobs probe's per-item test (docs/statistics.md#logprob-vectors): per prompt, the logprob
 * the answer reports for the token the baseline ranks first, scored against that prompt's own
 * run-to-run jitter in the pool (stats/item-jitter.ts), fed to the mixture SPRT (stats/sprt.ts).
 * A token missing from a top list counts at the list's lowest logprob (left-censored, as in LT).
 * Another model behind the alias moves that logprob by many jitter SDs: one call decides it.
 */
import type { SampleRecord } from '../types.js';
import { groupBy } from '../../stats/cycles.js';
import { itemJitter, jitterScore, moderated, type ItemJitter } from '../../stats/item-jitter.js';
import { mixtureSprt, type SprtDesign, type SprtOutcome } from '../../stats/sprt.js';
import { firstTokenTop } from './detector.js';

/**
 * Shifts of 2, 4 and 8 jitter SDs for "every prompt moved". No partial-swap component: the
 * samples of one prompt are one request, and a sticky swap takes all of them or none.
 * β = 0: the test stops early for a change only, never for "no change". The LT test judges the
 * whole window and sees shifts well below 2 SDs summed over the prompts (a quantized re-upload moves
 * first-token logprobs by a fraction of an SD); a quiet stop after 1–3 calls took that power away,
 * and ruling such shifts out would take the whole window anyway. A quiet cycle costs its 10 calls.
 */
export const LOGPROBS_DESIGN: SprtDesign = { shifts: [2, 4, 8], swapShare: 0, swapShifts: [], swapWeight: 0, beta: 0 };

interface PromptBaseline {
  token: string;
  jitter: ItemJitter;
}

/** The value reported for `token`, or the list's lowest logprob when the token is not listed. */
function reported(top: Readonly<Record<string, number>>, token: string): number {
  return top[token] ?? Math.min(...Object.values(top));
}

const baselines = new WeakMap<readonly SampleRecord[], Map<string, PromptBaseline>>();

function promptBaselines(pool: readonly SampleRecord[]): Map<string, PromptBaseline> {
  const known = baselines.get(pool);
  if (known) return known;
  const out = new Map<string, PromptBaseline>();
  const withTop = pool.flatMap((s) => {
    const top = firstTokenTop(s);
    return top ? [{ item: s.item ?? '', top }] : [];
  });
  const raw: { item: string; token: string; jitter: ItemJitter }[] = [];
  for (const [item, runs] of groupBy(withTop, (r) => r.item)) {
    const sums = new Map<string, number>();
    for (const r of runs) for (const [t, lp] of Object.entries(r.top)) sums.set(t, (sums.get(t) ?? 0) + lp);
    const token = [...sums].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const jitter = itemJitter(runs.map((r) => reported(r.top, token)));
    if (jitter) raw.push({ item, token, jitter });
  }
  const jitters = moderated(raw.map((r) => r.jitter));
  raw.forEach((r, i) => out.set(r.item, { token: r.token, jitter: jitters[i]! }));
  baselines.set(pool, out);
  return out;
}

/** The SPRT over this cycle's answers; null when no prompt has a baseline jitter (< 2 pool samples). */
export function logprobSprt(current: readonly SampleRecord[], pool: readonly SampleRecord[], alpha: number, floor: number): SprtOutcome | null {
  const base = promptBaselines(pool);
  const byItem = new Map<string, number[]>();
  for (const s of current) {
    const top = firstTokenTop(s);
    const b = base.get(s.item ?? '');
    if (!top || !b) continue;
    const scores = byItem.get(s.item ?? '') ?? [];
    scores.push(jitterScore(reported(top, b.token), b.jitter, floor));
    byItem.set(s.item ?? '', scores);
  }
  if (byItem.size === 0) return null;
  return mixtureSprt([...byItem.values()], alpha, LOGPROBS_DESIGN);
}
