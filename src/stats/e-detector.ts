/**
 * A CUSUM-style e-detector over per-cycle p-values (Shin, Ramdas & Rinaldo, "E-detectors: a
 * nonparametric framework for sequential change detection", 2022). Each p-value becomes an e-value
 * with the calibrator e = κ·p^(κ−1) (Vovk & Wang, 2021), and M_t = max(M_{t−1}, 1)·e_t. Under the
 * null the average run length to a false alarm is at least c when alarming at M_t ≥ c, provided
 * each cycle's p-value is valid given the past (fresh samples, a frozen baseline pool).
 * Evidence from a partial-traffic swap that is too weak for one cycle accumulates here.
 */

export interface EDetectorOptions {
  /** Calibrator exponent κ in (0, 1). */
  kappa: number;
  /** Alarm threshold c (≈ the false-alarm average run length in cycles). */
  threshold: number;
}

/** docs/statistics.md#e-detector: κ = 0.5, c ≈ 1e5 for ≤ 1 false page a month over 120 hourly streams. */
export const defaultEDetector: EDetectorOptions = { kappa: 0.5, threshold: 1e5 };

/** The detector's carried value. Plain JSON so the runtime can store it. */
export interface EDetectorState {
  /** M_t. */
  m: number;
  /** Cycles since the detector was (re)armed. */
  cycles: number;
  /** The last cycle's e-value. */
  lastE: number;
}

/** e = κ·p^(κ−1); p is clamped away from 0 so a single cycle cannot give an infinite e-value. */
export function pToE(p: number, kappa: number): number {
  const clamped = Math.min(1, Math.max(p, 1e-12));
  return kappa * clamped ** (kappa - 1);
}

/** One step of the detector with this cycle's p-value. */
export function updateEDetector(previous: EDetectorState | null, p: number, opts: EDetectorOptions = defaultEDetector): EDetectorState {
  const e = pToE(p, opts.kappa);
  const m = Math.max(previous?.m ?? 1, 1) * e;
  return { m, cycles: (previous?.cycles ?? 0) + 1, lastE: e };
}

/** Whether the detector is at or above its threshold. */
export function eDetectorAlarm(state: EDetectorState, opts: EDetectorOptions = defaultEDetector): boolean {
  return state.m >= opts.threshold;
}
