/**
 * Confidence over the options A-D from the first output token's top logprobs (docs/statistics.md#calibration).
 * Tokens such as "A", " A", "(A" or "A)" count for letter A (log-sum-exp when several do); a letter
 * missing from the top list is left-censored at the list's lowest logprob, an upper bound on its
 * probability. The four values are renormalised to sum to 1.
 */
import type { SampleRecord } from '../types.js';
import { brierScore, expectedCalibrationError } from '../../stats/calibration-metrics.js';

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
const LETTER_TOKEN = /^\s*\(?([A-D])[).:]?\s*$/;

/** Probabilities of A, B, C, D for one sample, or null when no letter is among the top tokens. */
export function letterProbabilities(s: Pick<SampleRecord, 'logprobs'>): number[] | null {
  const first = s.logprobs?.[0];
  if (!first) return null;
  const entries = [...first.top, { token: first.token, logprob: first.logprob }].filter((t) => t.logprob > -1000);
  if (entries.length === 0) return null;
  const seen = new Set<string>();
  const mass = [0, 0, 0, 0];
  for (const t of entries) {
    const letter = LETTER_TOKEN.exec(t.token)?.[1];
    if (!letter || seen.has(t.token)) continue;
    seen.add(t.token);
    mass[LETTERS.indexOf(letter as (typeof LETTERS)[number])]! += Math.exp(t.logprob);
  }
  if (mass.every((m) => m === 0)) return null;
  const floor = Math.exp(Math.min(...entries.map((t) => t.logprob)));
  const censored = mass.map((m) => (m > 0 ? m : floor));
  const total = censored.reduce((a, b) => a + b, 0);
  return censored.map((m) => m / total);
}

/** Index of the largest value. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** log(p / (1 − p)), clamped so that a rounded 0 or 1 stays finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/** One answered item: its letter probabilities and the known answer's index. */
export interface Answered {
  item: string;
  probs: number[];
  answer: number;
}

/** Accuracy, ECE and Brier of a set of answers (descriptive). */
export function describe(answers: readonly Answered[]): { accuracy: number | null; ece: number | null; brier: number | null } {
  if (answers.length === 0) return { accuracy: null, ece: null, brier: null };
  const correct = answers.map((a) => argmax(a.probs) === a.answer);
  return {
    accuracy: correct.filter(Boolean).length / answers.length,
    ece: expectedCalibrationError(answers.map((a) => Math.max(...a.probs)), correct),
    brier: brierScore(answers.map((a) => a.probs), answers.map((a) => a.answer)),
  };
}
