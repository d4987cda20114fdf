/**
 * A sequential probability ratio test with a mixture alternative (docs/statistics.md#sequential-sampling).
 *
 * Why this procedure: the likelihood ratio of any alternative against "no change" is a test
 * martingale under no change, so by Ville's inequality the chance that it EVER reaches 1/α is at most
 * α, whenever and however often it is looked at (Wald 1945; Ramdas et al., "Game-theoretic
 * statistics and safe anytime-valid inference", Statist. Sci. 2023). A cycle may therefore send its
 * requests in batches, look after each and stop at once; stopping for "no change" never adds false
 * alarms. Among tests with the same two error rates, Wald's SPRT needs the fewest observations on
 * average under both hypotheses (Wald & Wolfowitz 1948), which is the cost a quiet cycle pays.
 * Alpha spending (a fixed number of looks with O'Brien–Fleming bounds) would fix the looks in
 * advance and need a futility rule of its own; the mixture keeps several alternatives at once.
 *
 * Observations are standard normal scores under no change (stats/item-jitter.ts), grouped by item.
 * The alternative is a mixture, each component a shift of δ jitter SDs of unknown sign:
 * - "every item moved by δ" for each δ in `shifts` (a rescale, a re-pointed model);
 * - "a share π of the items (sticky, all their calls) moved by δ" for δ in `swapShifts` (a partial swap).
 * Stop for a change when LR ≥ 1/α; stop for no change when LR ≤ β: by the same inequality under the
 * alternative, P(LR ≤ β) ≤ β, so the power lost to early "no change" stops is at most β/w for a
 * component of weight w.
 */

export type SequentialVerdict = 'change' | 'no-change' | 'continue';

export interface SprtDesign {
  /** Shifts (jitter SDs) of the "every item moved" components. */
  shifts: readonly number[];
  /** Share π of items served by other weights in the partial-traffic component (0: no such component). */
  swapShare: number;
  /** Shifts (jitter SDs) of a swapped item, equally weighted. */
  swapShifts: readonly number[];
  /** Weight of the partial-traffic component; the rest is split evenly over `shifts`. */
  swapWeight: number;
  /** Type-II error at the design alternative: stop for no change when LR ≤ β (0: never stop for no change). */
  beta: number;
}

export interface SprtOutcome {
  /** log LR of the whole mixture against no change. */
  logLr: number;
  /** log LR of the "every item moved" components alone (their mixture). */
  logLrShift: number;
  /** log LR of the partial-traffic component alone (−∞ when it has no weight). */
  logLrSwap: number;
  verdict: SequentialVerdict;
  /** Observations the outcome rests on. */
  calls: number;
}

/** log cosh(x) without overflow. */
function logCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** log LR of one score for "shifted by ±δ" (equal weights) against N(0, 1). */
export function logShiftLr(z: number, delta: number): number {
  return logCosh(delta * z) - (delta * delta) / 2;
}

function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(values.reduce((acc, v) => acc + Math.exp(v - max), 0));
}

/**
 * The mixture SPRT fed one score at a time: per item and component, running sums of log LR, so a
 * look after each batch costs O(items), not O(calls) (the power calculator simulates thousands).
 */
export class SprtAccumulator {
  private readonly shiftSums: number[];
  /** Per item: the running log LR of each swap shift. */
  private readonly swapSums = new Map<number, number[]>();
  private calls = 0;

  constructor(
    private readonly alpha: number,
    private readonly design: SprtDesign,
  ) {
    this.shiftSums = design.shifts.map(() => 0);
  }

  add(item: number, z: number): void {
    this.calls++;
    for (let k = 0; k < this.shiftSums.length; k++) this.shiftSums[k]! += logShiftLr(z, this.design.shifts[k]!);
    if (this.design.swapShifts.length === 0) return;
    let sums = this.swapSums.get(item);
    if (!sums) {
      sums = this.design.swapShifts.map(() => 0);
      this.swapSums.set(item, sums);
    }
    for (let k = 0; k < sums.length; k++) sums[k]! += logShiftLr(z, this.design.swapShifts[k]!);
  }

  outcome(): SprtOutcome {
    const { design } = this;
    const swapWeight = design.swapShare > 0 && design.swapShifts.length > 0 ? design.swapWeight : 0;
    const shiftTerms = this.shiftSums.map((sum) => Math.log((1 - swapWeight) / design.shifts.length) + sum);
    let logLrSwap = -Infinity;
    if (swapWeight > 0) {
      const [stay, move, spread] = [Math.log1p(-design.swapShare), Math.log(design.swapShare), Math.log(design.swapShifts.length)];
      logLrSwap = 0;
      // Per item log((1 − π) + π·mean_δ LR_δ), without allocating: this runs after every batch.
      for (const sums of this.swapSums.values()) {
        let max = stay;
        for (const sum of sums) max = Math.max(max, move - spread + sum);
        let total = Math.exp(stay - max);
        for (const sum of sums) total += Math.exp(move - spread + sum - max);
        logLrSwap += max + Math.log(total);
      }
    }
    const swapTerm = swapWeight > 0 ? Math.log(swapWeight) + logLrSwap : -Infinity;
    const logLrShift = design.shifts.length > 0 && swapWeight < 1 ? logSumExp(shiftTerms) - Math.log(1 - swapWeight) : -Infinity;
    const logLr = logSumExp([...shiftTerms, swapTerm]);
    const verdict: SequentialVerdict = logLr >= -Math.log(this.alpha) ? 'change' : design.beta > 0 && logLr <= Math.log(design.beta) ? 'no-change' : 'continue';
    return { logLr, logLrShift, logLrSwap, verdict, calls: this.calls };
  }
}

/** The mixture SPRT over per-item scores (`items[i]` = the scores of item i's calls so far). */
export function mixtureSprt(items: readonly (readonly number[])[], alpha: number, design: SprtDesign): SprtOutcome {
  const acc = new SprtAccumulator(alpha, design);
  items.forEach((zs, i) => zs.forEach((z) => acc.add(i, z)));
  return acc.outcome();
}
