/**
 * Empirical-null (A/A) calibration (docs/statistics.md#aa-calibration): replay a probe's test on disjoint windows of
 * its own baseline pool, each window against the rest, and measure how often it alarms. Samples
 * from one pool are exchangeable only if nothing (load, hour of day, backend) varies between
 * cycles; when the measured rate exceeds twice the nominal α the test is miscalibrated for this
 * target, and the probe widens its tolerance (α/10) rather than page on that noise.
 */

export interface AaResult {
  /** Alarms / windows. */
  falseAlarmRate: number;
  /** Windows replayed. */
  windows: number;
  /** Windows whose p-value was ≤ α. */
  alarms: number;
  /** The α the windows were judged at. */
  alpha: number;
}

export interface AaOptions {
  /** Nominal per-cycle α. */
  alpha: number;
  /** Units (cycles) per window; one by default, like a live cycle. */
  windowUnits?: number;
  /** Fewer windows than this give no result (the rate would be meaningless). */
  minWindows?: number;
  /** Cap on windows replayed, to bound the cost. */
  maxWindows?: number;
}

/**
 * Replays `test(window, rest)` (returning a p-value, or null when it cannot run) over disjoint windows
 * of `units`. Returns null when the pool has fewer than `minWindows` windows.
 */
export function aaCheck<U>(units: readonly U[], test: (window: U[], rest: U[]) => number | null, opts: AaOptions): AaResult | null {
  const size = Math.max(1, opts.windowUnits ?? 1);
  const count = Math.min(Math.floor(units.length / size), opts.maxWindows ?? 50);
  if (count < (opts.minWindows ?? 5)) return null;
  // Spread the windows over the whole pool so a cap does not only look at its oldest part.
  const stride = Math.floor(units.length / size / count) * size;
  let windows = 0;
  let alarms = 0;
  for (let w = 0; w < count; w++) {
    const start = w * stride;
    const window = units.slice(start, start + size);
    const rest = [...units.slice(0, start), ...units.slice(start + size)];
    const p = test(window, rest);
    if (p === null) continue;
    windows++;
    if (p <= opts.alpha) alarms++;
  }
  if (windows < (opts.minWindows ?? 5)) return null;
  return { falseAlarmRate: alarms / windows, windows, alarms, alpha: opts.alpha };
}

/** The α a probe should decide at, given its A/A record: α/10 when the A/A rate exceeds 2α. */
export function effectiveAlpha(alpha: number, aa: { falseAlarmRate: number } | null | undefined): { alpha: number; widened: boolean } {
  if (aa && aa.falseAlarmRate > 2 * alpha) return { alpha: alpha / 10, widened: true };
  return { alpha, widened: false };
}

/** An A/A result remembered for one baseline pool, so it is not replayed every cycle. */
export interface AaCache {
  /** Identifies the pool it was measured on (size and newest timestamp). */
  poolKey: string;
  /** The measured result, null when the pool had too few windows. */
  result: AaResult | null;
}

/** A pool's identity for caching: its size and newest timestamp. */
export function poolKeyOf(samples: readonly { timestamp: string }[]): string {
  let newest = '';
  for (const s of samples) if (s.timestamp > newest) newest = s.timestamp;
  return `${samples.length}@${newest}`;
}

/**
 * The A/A record to decide with: the snapshot summary's when it has one (measured at baseline
 * time), else a cached replay on the pool, else a fresh replay (`compute`), cached for next cycle.
 */
export function resolveAa(
  summary: { aaFalseAlarmRate?: number | undefined; aaWindows?: number | undefined },
  cache: AaCache | undefined,
  poolKey: string,
  compute: () => AaResult | null,
  alpha: number,
): { result: AaResult | null; cache: AaCache | undefined } {
  if (summary.aaFalseAlarmRate !== undefined && summary.aaWindows !== undefined) {
    const alarms = Math.round(summary.aaFalseAlarmRate * summary.aaWindows);
    return { result: { falseAlarmRate: summary.aaFalseAlarmRate, windows: summary.aaWindows, alarms, alpha }, cache };
  }
  if (cache && cache.poolKey === poolKey && (cache.result === null || cache.result.alpha === alpha)) {
    return { result: cache.result, cache };
  }
  const result = compute();
  return { result, cache: { poolKey, result } };
}

/** Evidence fields describing the A/A calibration behind a decision. */
export function aaEvidence(nominal: number, aa: AaResult | null): Record<string, unknown> {
  const used = effectiveAlpha(nominal, aa);
  return {
    alpha: used.alpha,
    nominalAlpha: nominal,
    aaFalseAlarmRate: aa?.falseAlarmRate ?? null,
    aaWindows: aa?.windows ?? 0,
    ...(used.widened
      ? { tolerance: `A/A false-alarm rate ${aa?.falseAlarmRate.toFixed(3)} exceeds 2×α on this pool; deciding at α/10` }
      : {}),
  };
}

/** The summary fields for an A/A result (absent when the pool was too small). */
export function aaSummary(aa: AaResult | null): { aaFalseAlarmRate?: number; aaWindows?: number } {
  return aa ? { aaFalseAlarmRate: aa.falseAlarmRate, aaWindows: aa.windows } : {};
}
