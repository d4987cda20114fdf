/**
 * Calibration drift (docs/statistics.md#calibration), paired per item: Wilcoxon signed-rank on the logit of the
 * confidence in each item's baseline-majority answer (current run vs the mean over baseline runs),
 * and McNemar on per-item correctness; plus the most-moved single item (worst-item.ts) for sticky
 * partial traffic. Pairing removes the between-item variance that makes an unpaired ECE comparison
 * nearly powerless at n = 100 (docs/statistics.md#calibration: 0.01 power).
 */
import type { Canary } from '../../config/canary-schema.js';
import type { SampleRecord } from '../types.js';
import { mcnemarExact, type McNemarResult } from '../../stats/binomial.js';
import { groupBy } from '../../stats/cycles.js';
import { mean, median } from '../../stats/ranks.js';
import { wilcoxonSignedRank, type WilcoxonResult } from '../../stats/wilcoxon.js';
import { LETTERS, argmax, describe, letterProbabilities, logit, type Answered } from './confidence.js';
import { worstItemTest, type ItemSeries, type WorstItem } from './worst-item.js';
import { reliabilityBins, type ReliabilityBin } from '../../stats/calibration-metrics.js';

// One key per canary object, so the pool's answers cached under it are found again next cycle.
const keys = new WeakMap<Canary, ReadonlyMap<string, number>>();

/** Item id -> index of the known answer letter, for items whose answer is A-D. */
export function answerKey(canary: Canary): ReadonlyMap<string, number> {
  const known = keys.get(canary);
  if (known) return known;
  const key = new Map<string, number>();
  for (const item of canary.items ?? []) {
    const index = LETTERS.indexOf((item.answer ?? '').trim().toUpperCase() as (typeof LETTERS)[number]);
    if (index >= 0) key.set(item.id, index);
  }
  keys.set(canary, key);
  return key;
}

// Every cycle reads the whole pool again (after each batch, in every A/A window): parse a sample's
// letters once. Keyed by the record itself, so a new or reloaded record is parsed afresh.
const parsed = new WeakMap<SampleRecord, number[] | null>();

function probsOf(s: SampleRecord): number[] | null {
  let probs = parsed.get(s);
  if (probs === undefined) {
    probs = letterProbabilities(s);
    parsed.set(s, probs);
  }
  return probs;
}

/** The samples that have a known answer and readable letter probabilities. */
export function answered(samples: readonly SampleRecord[], key: ReadonlyMap<string, number>): Answered[] {
  return samples.flatMap((s) => {
    const answer = s.item === undefined ? undefined : key.get(s.item);
    const probs = answer === undefined ? null : probsOf(s);
    return probs && answer !== undefined ? [{ item: s.item!, probs, answer }] : [];
  });
}

export interface CalibrationOutcome {
  /** Items compared (present in both current and pool). */
  items: number;
  /** Fewest baseline runs of a compared item. */
  minRuns: number;
  wilcoxon: WilcoxonResult;
  mcnemar: McNemarResult;
  /** The most-moved single item (sticky partial traffic), null without repeated baseline runs. */
  worst: WorstItem | null;
  /** The better of Wilcoxon and McNemar (the tests of a shift across items). */
  pPaired: number;
  /** Bonferroni-combined p of the three tests. */
  pValue: number;
  /** "sharper" when confidence in the baseline-majority answers rose, else "flatter". */
  direction: 'sharper' | 'flatter';
  /** Median change in logit(confidence in the baseline-majority answer). */
  medianLogitChange: number;
  before: DescribedSide;
  after: DescribedSide;
}

/** Paired comparison of the current run with the pool's runs; null without common items. */
export function calibrationTest(current: readonly SampleRecord[], pool: readonly SampleRecord[], key: ReadonlyMap<string, number>): CalibrationOutcome | null {
  const now = groupBy(answered(current, key), (a) => a.item);
  const { base, before } = poolSide(pool, key);
  const deltas: number[] = [];
  const series: ItemSeries[] = [];
  let b = 0;
  let c = 0;
  let minRuns = Infinity;
  for (const [item, runs] of base) {
    const cur = now.get(item);
    if (!cur) continue;
    const votes = [0, 0, 0, 0];
    for (const r of runs) votes[argmax(r.probs)]!++;
    const majority = argmax(votes);
    const answer = runs[0]!.answer;
    const one = { item, now: cur.map((r) => logit(r.probs[majority]!)), base: runs.map((r) => logit(r.probs[majority]!)) };
    series.push(one);
    deltas.push(mean(one.now) - mean(one.base));
    const meanNow = LETTERS.map((_, k) => mean(cur.map((r) => r.probs[k]!)));
    const wasRight = majority === answer;
    const isRight = argmax(meanNow) === answer;
    if (wasRight && !isRight) b++;
    if (!wasRight && isRight) c++;
    minRuns = Math.min(minRuns, runs.length);
  }
  if (deltas.length === 0) return null;
  const wilcoxon = wilcoxonSignedRank(deltas);
  const mcnemar = mcnemarExact(b, c);
  const worst = worstItemTest(series);
  const paired = Math.min(wilcoxon.pValue, mcnemar.pValue);
  return {
    items: deltas.length,
    minRuns,
    wilcoxon,
    mcnemar,
    worst,
    pPaired: paired,
    pValue: Math.min(1, 3 * Math.min(paired, worst?.pValue ?? 1)),
    direction: wilcoxon.z >= 0 ? 'sharper' : 'flatter',
    medianLogitChange: median(deltas),
    before: structuredClone(before),
    after: describeWithBins(answered(current, key)),
  };
}

/** The pool's answers by item and their description: the same every cycle a pool is judged. */
interface PoolSide {
  key: ReadonlyMap<string, number>;
  base: Map<string, Answered[]>;
  before: DescribedSide;
}

// A baseline pool is judged every cycle against the same key: group and describe it once.
const poolSides = new WeakMap<readonly SampleRecord[], PoolSide>();

function poolSide(pool: readonly SampleRecord[], key: ReadonlyMap<string, number>): PoolSide {
  const known = poolSides.get(pool);
  if (known?.key === key) return known;
  const answers = answered(pool, key);
  const side = { key, base: groupBy(answers, (a) => a.item), before: describeWithBins(answers) };
  poolSides.set(pool, side);
  return side;
}

/** One side of the comparison, described. */
export type DescribedSide = ReturnType<typeof describe> & { confidence: number | null; reliability: ReliabilityBin[] };

/** Accuracy, ECE and Brier plus mean confidence and the reliability bins: the dashboard draws the diagram from these. */
function describeWithBins(answers: readonly Answered[]): DescribedSide {
  const top = answers.map((a) => Math.max(...a.probs));
  const correct = answers.map((a) => argmax(a.probs) === a.answer);
  return { ...describe(answers), confidence: top.length ? mean(top) : null, reliability: reliabilityBins(top, correct) };
}
