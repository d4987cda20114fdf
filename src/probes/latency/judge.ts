/**
 * The latency probe's checks on one cycle (docs/statistics.md#latency): each timing series of the
 * cycle against the pool's, and how the probe's α is shared between them. Used by the judgement of
 * a whole cycle and by the quiet stop (sequential.ts), which must see the same checks.
 */
import type { SampleRecord } from '../types.js';
import { quantileShift, type ShiftOutcome } from './quantile-shift.js';
import { commonServerHeader, firstBytes, streamed, totals } from './series.js';

export interface Judged {
  series: 'total' | 'first_byte';
  outcome: ShiftOutcome;
}

/** Both series of a cycle against the pool; the first byte only where answers streamed. */
export function judge(current: readonly SampleRecord[], pool: readonly SampleRecord[], factor: number): Judged[] {
  const header = commonServerHeader([...pool, ...current]);
  const out: Judged[] = [];
  const total = quantileShift(totals(current, header), totals(pool, header), factor);
  if (total) out.push({ series: 'total', outcome: total });
  if (streamed(pool)) {
    const first = quantileShift(firstBytes(current), firstBytes(pool), factor);
    if (first) out.push({ series: 'first_byte', outcome: first });
  }
  return out;
}

/**
 * Shares of the probe's α by series (weighted Bonferroni): the total is the provider's contract, the
 * client-side first byte a second opinion that the monitor's own network also moves.
 */
export const SERIES_WEIGHTS = { total: 0.8, first_byte: 0.2 } as const;

export const seriesWeight = (j: Judged, judged: readonly Judged[]): number => (judged.length === 1 ? 1 : SERIES_WEIGHTS[j.series]);

/** One p for the probe: the smallest series p over its weight. */
export function probeP(judged: readonly Judged[]): number | null {
  if (judged.length === 0) return null;
  return Math.min(1, ...judged.map((j) => j.outcome.pValue / seriesWeight(j, judged)));
}
