/**
 * The calibration probe's per-item logprob test (docs/statistics.md#logprob-vectors): each answer's
 * logit of the confidence in its item's baseline-majority letter, scored against that item's own
 * run-to-run jitter in the baseline pool (stats/item-jitter.ts), and the scores of a cycle fed to
 * the mixture SPRT (stats/sprt.ts). A rescale moves every item by many jitter SDs, so one or two
 * answers decide it; a sticky partial swap moves a few items far, decided at the first swapped item
 * seen; a quiet cycle stops once a 5 % swap has become implausible among the items seen.
 */
import type { SampleRecord } from '../types.js';
import { groupBy } from '../../stats/cycles.js';
import { itemJitter, jitterScore, moderated, type ItemJitter } from '../../stats/item-jitter.js';
import { mixtureSprt, type SprtDesign, type SprtOutcome } from '../../stats/sprt.js';
import { argmax, logit } from './confidence.js';
import { answered } from './detector.js';
import { NOISE_FLOOR } from './worst-item.js';

/**
 * Shifts of 2, 4 and 8 jitter SDs for "every item moved"; a 5 % sticky swap moving its items by 3, 5 or 8.
 * The 5 % matches the partial-traffic incidents the probes are sized for (docs/statistics.md#partial-traffic);
 * β = 0.05 is the power 0.95 the detection goals are stated at.
 */
export const CALIBRATION_DESIGN: SprtDesign = { shifts: [2, 4, 8], swapShare: 0.05, swapShifts: [3, 5, 8], swapWeight: 0.5, beta: 0.05 };

/** One item's baseline: its majority letter and the jitter of logit(confidence in it). */
interface ItemBaseline {
  majority: number;
  jitter: ItemJitter;
}

// A pool is read once per cycle but judged after every batch: keep its per-item baselines.
const baselines = new WeakMap<readonly SampleRecord[], Map<string, ItemBaseline>>();

function itemBaselines(pool: readonly SampleRecord[], key: ReadonlyMap<string, number>): Map<string, ItemBaseline> {
  const known = baselines.get(pool);
  if (known) return known;
  const raw: { item: string; majority: number; jitter: ItemJitter }[] = [];
  for (const [item, runs] of groupBy(answered(pool, key), (a) => a.item)) {
    const votes = [0, 0, 0, 0];
    for (const r of runs) votes[argmax(r.probs)]!++;
    const majority = argmax(votes);
    const jitter = itemJitter(runs.map((r) => logit(r.probs[majority]!)));
    if (jitter) raw.push({ item, majority, jitter });
  }
  const jitters = moderated(raw.map((r) => r.jitter));
  const out = new Map(raw.map((r, i) => [r.item, { majority: r.majority, jitter: jitters[i]! }]));
  baselines.set(pool, out);
  return out;
}

/** The scores of this cycle's answers, by item, against their items' jitter. */
export interface ItemScores {
  item: string;
  scores: number[];
}

export function calibrationScores(current: readonly SampleRecord[], pool: readonly SampleRecord[], key: ReadonlyMap<string, number>): ItemScores[] {
  const base = itemBaselines(pool, key);
  const out: ItemScores[] = [];
  for (const [item, runs] of groupBy(answered(current, key), (a) => a.item)) {
    const b = base.get(item);
    if (b) out.push({ item, scores: runs.map((r) => jitterScore(logit(r.probs[b.majority]!), b.jitter, NOISE_FLOOR)) });
  }
  return out;
}

/** The SPRT over this cycle's answers; null when no answered item has a baseline jitter (< 2 runs). */
export function calibrationSprt(current: readonly SampleRecord[], pool: readonly SampleRecord[], key: ReadonlyMap<string, number>, alpha: number): (SprtOutcome & { scores: ItemScores[] }) | null {
  const scores = calibrationScores(current, pool, key);
  if (scores.length === 0) return null;
  return { ...mixtureSprt(scores.map((s) => s.scores), alpha, CALIBRATION_DESIGN), scores };
}

/** Items whose answers moved beyond |z| 3 this cycle: sent first next cycle, so a sticky swap is seen again. */
export function suspects(scores: readonly ItemScores[]): string[] {
  return scores.filter((s) => s.scores.some((z) => Math.abs(z) >= 3)).map((s) => s.item);
}
