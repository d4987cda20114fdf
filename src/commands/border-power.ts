/**
 * What one border-input canary can see (README "Reading the power table"; docs/statistics.md#border-quiet):
 * requests of a quiet cycle with the thin round, the smallest change of every prompt one cycle
 * decides, and the time to a 5 % sticky swap. The quiet stop's screen is simulated with the probe's
 * own code (probes/behavior/sequential.ts) on a typical border split, seeded; each cycle's chance to
 * decide uses the normal approximation of the summed χ² (power-model.ts).
 */
import { borderQuietVerdict, nextScreen, type BorderAnswer, type BorderQuietRule, type BorderScreen } from '../probes/behavior/sequential.js';
import type { Canary } from '../config/canary-schema.js';
import { defaultBehaviorOptions } from '../probes/behavior/detector.js';
import { createRng, sampleIndex, type Rng } from '../stats/prng.js';
import { chiSquarePower, POWER, promptLambda, SWAP_SHARE, SWAP_TV } from './power-model.js';

/** A typical border prompt's first-token split: a favourite, runners-up and a tail. */
const SPLIT = [0.45, 0.3, 0.15, 0.07, 0.03];
const TOKENS = SPLIT.map((_, k) => `t${k}`);
/** The same prompt on other weights: the split pulled towards its reverse, SWAP_TV away. */
const SWAPPED = (() => {
  const reverse = [...SPLIT].reverse();
  const tv = SPLIT.reduce((s, p, k) => s + Math.abs(p - reverse[k]!), 0) / 2;
  const w = SWAP_TV / tv;
  return SPLIT.map((p, k) => (1 - w) * p + w * reverse[k]!);
})();
/** Quiet cycles simulated for the expected requests, and swap runs for the time to detect. */
const QUIET_CYCLES = 300;
const SWAP_RUNS = 12;
/** A swap run ends when the chance it is still undetected falls below this, or after this many cycles. */
const SURVIVAL_FLOOR = 1e-2;
const MAX_CYCLES = 2000;

type Answer = BorderAnswer;

function answers(item: string, split: readonly number[], from: number, to: number, rng: Rng): Answer[] {
  return Array.from({ length: to - from }, (_, k) => ({ item, sample: from + k, text: TOKENS[sampleIndex(split, rng)]!, logprobs: null }));
}

export interface BorderPower {
  /** Expected requests of a quiet cycle (the plan without a quiet rule). */
  quietRequests: number;
  /** Smallest TV shift of every prompt decided with power 0.95 in one cycle. */
  everyPromptTv: number;
  /** Share of 5 % sticky swaps that reach at least one canary prompt. */
  reachable: number;
  /** Expected cycles to decide a swap that reaches one prompt (an upper bound: see borderPower). */
  swapCycles: number;
}

/** One simulated cycle: each prompt's answers (the thin round, the suspects whole, or everything), the requests, the next screen. */
function cycle(canary: Canary, pool: readonly Answer[], screen: BorderScreen, splitOf: (i: number) => readonly number[], rule: BorderQuietRule, minCount: number, rng: Rng): { sent: Answer[]; screen: BorderScreen } {
  const items = canary.items ?? [];
  const suspects = new Set(screen.suspects);
  const thin = Math.min(rule.quietSamples, canary.samples);
  let sent = items.flatMap((it, i) => answers(it.id, splitOf(i), 0, suspects.has(it.id) ? canary.samples : thin, rng));
  if (borderQuietVerdict(canary, sent, pool, screen.suspects, minCount, rule) === 'continue') {
    sent = [...sent, ...items.flatMap((it, i) => (suspects.has(it.id) ? [] : answers(it.id, splitOf(i), thin, canary.samples, rng)))];
  }
  return { sent, screen: nextScreen(sent, pool, screen, minCount, rule) };
}

/**
 * Border inputs (probe behavior): K prompts, m samples, a pool of `poolCycles` whole cycles, the
 * quiet stop `rule` (or none, every cycle whole). Smallest effect: the thin round must look moved
 * (its summed χ² at `wholeAt`) and the whole cycle decide at α. The 5 % swap: one prompt moves by
 * TV 0.5; each cycle decides with the summed χ²'s power at the answers that prompt got (the thin
 * share until the screen makes it a suspect, then all m), and the expected cycles until a decision
 * are summed over that chance — an upper bound, since the e-detector also adds up evidence too
 * weak for one cycle.
 */
export function borderPower(canary: Canary, poolCycles: number, alpha: number, rule: BorderQuietRule | null, minCount = defaultBehaviorOptions.minCount): BorderPower {
  const items = canary.items ?? [];
  const [prompts, samples] = [Math.max(1, items.length), canary.samples];
  const poolPerPrompt = poolCycles * samples;
  const everyPromptPower = (d: number, n: number, level: number): number => chiSquarePower(prompts, prompts * promptLambda(d, n, poolPerPrompt), level);
  const q = rule ? Math.min(rule.quietSamples, samples) : samples;
  const decides = (d: number): number => (rule && q < samples ? everyPromptPower(d, q, rule.wholeAt) : 1) * everyPromptPower(d, samples, alpha);
  let [lo, hi] = [0, 1];
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (decides(mid) >= POWER) hi = mid;
    else lo = mid;
  }
  const reachable = 1 - (1 - SWAP_SHARE) ** prompts;
  const swapPower = (n: number): number => Math.max(chiSquarePower(prompts, promptLambda(SWAP_TV, n, poolPerPrompt), alpha), 1e-9);
  if (!rule || q >= samples || items.length === 0) return { quietRequests: prompts * samples, everyPromptTv: hi, reachable, swapCycles: 1 / swapPower(samples) };

  const rng = createRng(20_260_104);
  const pool = items.flatMap((it) => answers(it.id, SPLIT, 0, poolPerPrompt, rng));
  let screen: BorderScreen = { suspects: [], recent: {} };
  let requests = 0;
  for (let c = 0; c < QUIET_CYCLES; c++) {
    const next = cycle(canary, pool, screen, () => SPLIT, rule, minCount, rng);
    requests += next.sent.length;
    screen = next.screen;
  }
  const swapped = items[0]!.id;
  let cycles = 0;
  for (let r = 0; r < SWAP_RUNS; r++) {
    let run = screen;
    let [survival, expected] = [1, 0];
    for (let c = 0; c < MAX_CYCLES && survival > SURVIVAL_FLOOR; c++) {
      const next = cycle(canary, pool, run, (i) => (i === 0 ? SWAPPED : SPLIT), rule, minCount, rng);
      expected += survival;
      survival *= 1 - swapPower(next.sent.filter((a) => a.item === swapped).length);
      run = next.screen;
    }
    cycles += expected;
  }
  return { quietRequests: requests / QUIET_CYCLES, everyPromptTv: hi, reachable, swapCycles: cycles / SWAP_RUNS };
}
