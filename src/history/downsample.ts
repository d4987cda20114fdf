import { HISTORY_METRICS } from './metrics.js';

/** One stored point: a run, or several runs merged into one bucket. */
export interface StoredPoint {
  /** Epoch seconds: the run's start, or the bucket's start once merged. */
  at: number;
  /** Bucket width in seconds; 0 for a single run. */
  span: number;
  /** Runs merged into this point. */
  runs: number;
  result: string;
  values: (number | null)[];
}

/** Older points are merged into wider buckets: raw runs for 2 days, 3-hourly to 14 days, daily after. */
export const TIERS: readonly { olderThanSeconds: number; span: number }[] = [
  { olderThanSeconds: 2 * 86_400, span: 10_800 },
  { olderThanSeconds: 14 * 86_400, span: 86_400 },
];

const RESULT_RANK: Record<string, number> = { unavailable: 3, recorded: 2, ok: 1, skipped: 0 };

/**
 * Merges points of one pair into buckets of `span` seconds. Measurements average weighted by runs;
 * p-values keep the lowest, so that a merged chart still shows every dip below α. The bucket's
 * result is its worst one (an outage in the hour stays visible).
 */
export function mergePoints(points: readonly StoredPoint[], span: number): StoredPoint[] {
  const buckets = new Map<number, StoredPoint[]>();
  for (const p of points) {
    const start = Math.floor(p.at / span) * span;
    const list = buckets.get(start) ?? [];
    list.push(p);
    buckets.set(start, list);
  }
  return [...buckets.entries()].map(([at, list]) => ({
    at,
    span,
    runs: list.reduce((n, p) => n + p.runs, 0),
    result: list.reduce((worst, p) => ((RESULT_RANK[p.result] ?? 0) > (RESULT_RANK[worst] ?? 0) ? p.result : worst), list[0]!.result),
    values: HISTORY_METRICS.map((m, i) => mergeValue(list, i, m.kind)),
  }));
}

function mergeValue(list: readonly StoredPoint[], i: number, kind: 'value' | 'p'): number | null {
  let sum = 0;
  let weight = 0;
  let min: number | null = null;
  for (const p of list) {
    const v = p.values[i];
    if (v === null || v === undefined) continue;
    sum += v * p.runs;
    weight += p.runs;
    min = min === null ? v : Math.min(min, v);
  }
  if (weight === 0) return null;
  return kind === 'p' ? min : Number((sum / weight).toPrecision(4));
}
