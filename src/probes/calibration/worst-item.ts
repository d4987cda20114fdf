/**
 * Sticky partial traffic (docs/statistics.md#partial-traffic): when a few percent of request hashes go to other
 * weights, a few calibration items move a lot and the rest not at all. The paired Wilcoxon sums
 * that away, so this test looks at the single most-moved item: its change in logit(confidence)
 * over the pooled within-item noise of the baseline runs, two-sided, Bonferroni over the items.
 * The noise has a floor so that near bit-exact backends do not turn rounding into alarms.
 */
import { normalSf } from '../../stats/normal.js';
import { mean } from '../../stats/ranks.js';

/** Logit-scale noise floor: the logprob tolerance ε (0.01) that real backends stay within. */
export const NOISE_FLOOR = 0.01;

/** One item's values of logit(confidence in its baseline-majority answer). */
export interface ItemSeries {
  item: string;
  now: readonly number[];
  base: readonly number[];
}

export interface WorstItem {
  item: string;
  /** Current mean minus baseline mean, logit scale. */
  change: number;
  z: number;
  /** Items whose |z| alone would pass the Bonferroni bound (how much of the traffic moved). */
  movedItems: number;
  /** Pooled within-item SD of the baseline runs (before the floor). */
  noise: number;
  /** Bonferroni-adjusted two-sided p of the most-moved item. */
  pValue: number;
}

function pooledSd(series: readonly ItemSeries[]): { sd: number; df: number } {
  let ss = 0;
  let df = 0;
  for (const s of series) {
    if (s.base.length < 2) continue;
    const m = mean(s.base);
    ss += s.base.reduce((acc, x) => acc + (x - m) ** 2, 0);
    df += s.base.length - 1;
  }
  return { sd: df > 0 ? Math.sqrt(ss / df) : 0, df };
}

/** The most-moved item; null without items that have ≥ 2 baseline runs. */
export function worstItemTest(series: readonly ItemSeries[], floor = NOISE_FLOOR): WorstItem | null {
  const usable = series.filter((s) => s.now.length > 0 && s.base.length >= 2);
  const { sd, df } = pooledSd(usable);
  if (usable.length === 0 || df === 0) return null;
  const sigma = Math.max(sd, floor);
  const scored = usable.map((s) => {
    const change = mean(s.now) - mean(s.base);
    return { item: s.item, change, z: change / (sigma * Math.sqrt(1 / s.now.length + 1 / s.base.length)) };
  });
  const bound = (z: number): number => Math.min(1, 2 * normalSf(Math.abs(z)) * usable.length);
  const worst = scored.reduce((a, b) => (Math.abs(b.z) > Math.abs(a.z) ? b : a));
  return {
    item: worst.item,
    change: worst.change,
    z: worst.z,
    movedItems: scored.filter((s) => bound(s.z) <= 0.05).length,
    noise: sd,
    pValue: bound(worst.z),
  };
}
