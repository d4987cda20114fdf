/**
 * Descriptive calibration metrics. ECE with equal-mass bins (Nixon et al., "Measuring Calibration in
 * Deep Learning", CVPR-W 2019: adaptive binning is less biased than equal-width bins when
 * confidences cluster near 1) and the Brier score (Brier, 1950). Not used for decisions: their
 * sampling noise at n = 100 is larger than the shifts worth detecting (docs/statistics.md#calibration).
 */

/**
 * Expected calibration error over `bins` equal-mass bins of confidence: Σ (|B|/n)·|acc(B) − conf(B)|.
 * `confidence[i]` is the probability given to the chosen answer, `correct[i]` whether it was right.
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 10): number {
  const n = Math.min(confidence.length, correct.length);
  if (n === 0) return Number.NaN;
  // Σ over the reliability diagram's bins of |accuracy − confidence| weighted by the bin's share.
  return reliabilityBins(confidence, correct, bins).reduce((ece, bin) => ece + (bin.n * Math.abs(bin.accuracy - bin.confidence)) / n, 0);
}

/** Multi-class Brier score: mean over cases of Σ_k (p_k − 1[k = label])². */
export function brierScore(probabilities: readonly (readonly number[])[], labels: readonly number[]): number {
  const n = Math.min(probabilities.length, labels.length);
  if (n === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    for (let k = 0; k < p.length; k++) {
      const y = k === labels[i] ? 1 : 0;
      total += (p[k]! - y) ** 2;
    }
  }
  return total / n;
}

/** One bin of a reliability diagram: mean confidence, observed accuracy and the cases in it. */
export interface ReliabilityBin {
  confidence: number;
  accuracy: number;
  n: number;
}

/** Equal-mass bins of (confidence, accuracy), the same binning as the ECE: what a reliability diagram draws. */
export function reliabilityBins(confidence: readonly number[], correct: readonly boolean[], bins = 10): ReliabilityBin[] {
  const n = Math.min(confidence.length, correct.length);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => confidence[a]! - confidence[b]!);
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * n) / bins);
    const end = Math.floor(((b + 1) * n) / bins);
    if (end <= start) continue;
    let conf = 0;
    let acc = 0;
    for (let k = start; k < end; k++) {
      conf += confidence[order[k]!]!;
      acc += correct[order[k]!] ? 1 : 0;
    }
    out.push({ confidence: conf / (end - start), accuracy: acc / (end - start), n: end - start });
  }
  return out;
}
