/**
 * The border-input canary's quiet stop (docs/statistics.md#border-quiet): a quiet cycle sends every
 * prompt a thin share and last cycle's suspects all their samples; a cycle whose thin round already
 * looks moved is sent whole.
 *
 * Why this procedure, and not a stop on a likelihood ratio as the other canaries have: the change
 * border inputs exist for (a sticky swap of a few percent of the traffic, which moves one prompt's
 * first-token split) is too weak for one cycle to rule out, so no quiet cycle could stop on
 * evidence. The e-detector adds it up over cycles (stats/e-detector.ts); what it needs is answers
 * from the swapped prompt, cycle after cycle, not from the nineteen others. So the past decides
 * each prompt's share: a prompt whose latest `screenAnswers` answers (over the last cycles) split
 * unlike its pool at `suspectAt` becomes a suspect and is sent all its samples first
 * (runtime/engine/sequential.ts requestOrder), and stays one while its whole share still looks
 * moved at the looser `keepAt`; every other prompt gets `quietSamples`. A swapped prompt is found
 * within a few thin cycles and from then on gets more answers per cycle than the plain plan gave
 * every prompt, while a quiet cycle sends about a quarter of the plan.
 *
 * Why this keeps the false-alarm rate: each prompt's share is fixed by earlier cycles before this
 * cycle's answers arrive, the cycle's permutation test within prompts is valid for any shares, so
 * each cycle's p-value stays valid given the past, which is all the e-detector assumes. The screen's
 * p is the asymptotic χ² (anti-conservative at a handful of answers): it only spends requests.
 *
 * A cycle whose thin round already looks moved (its summed χ² p ≤ `wholeAt`) is sent whole, so a
 * change of every prompt meets the whole plan as before. That look is taken on the thin round's
 * requests only, so its answer never changes later in the cycle: a cycle is either the thin round
 * (which looked quiet) or the whole plan, and its chance of an alarm stays the whole plan's, plus
 * the thin round alarming while it looked quiet.
 */
import type { Canary } from '../../config/canary-schema.js';
import type { SampleRecord } from '../types.js';
import { groupBy } from '../../stats/cycles.js';
import { chiSquareSf } from '../../stats/gamma.js';
import type { SequentialVerdict } from '../../stats/sprt.js';
import { tokensP } from './border-test.js';
import { firstTokenOf } from './tokens.js';

export interface BorderQuietRule {
  /** Answers per prompt of a quiet cycle (suspects get the canary's `samples`). */
  quietSamples: number;
  /** A prompt's latest answers (over cycles) that the screen judges. */
  screenAnswers: number;
  /** A prompt whose latest answers' χ² p is at most this is next cycle's suspect. */
  suspectAt: number;
  /** A suspect stays one while the χ² p of its whole share is at most this. */
  keepAt: number;
  /** A cycle whose thin round's summed χ² p is at most this is sent whole. */
  wholeAt: number;
}

export const BORDER_QUIET: BorderQuietRule = { quietSamples: 3, screenAnswers: 9, suspectAt: 0.01, keepAt: 0.2, wholeAt: 0.01 };

/** What the rule reads of an answer (a SampleRecord has it; the power table simulates it). */
export type BorderAnswer = Pick<SampleRecord, 'item' | 'sample' | 'text' | 'logprobs'>;

/** What the screen carries between cycles. */
export interface BorderScreen {
  suspects: string[];
  /** Each prompt's latest first tokens, oldest first, at most `screenAnswers`. */
  recent: Record<string, string[]>;
}

const poolTokenCache = new WeakMap<readonly BorderAnswer[], Map<string, string[]>>();

/**
 * Each prompt's first tokens in the pool, computed once per pool: the verdict is asked after every
 * batch of a cycle and the screen once more after it, always against the same frozen pool.
 */
function poolTokensOf(pool: readonly BorderAnswer[]): Map<string, string[]> {
  let tokens = poolTokenCache.get(pool);
  if (!tokens) {
    tokens = new Map([...groupBy(pool, (s) => s.item ?? '')].map(([prompt, answers]) => [prompt, answers.map(firstTokenOf)]));
    poolTokenCache.set(pool, tokens);
  }
  return tokens;
}

/** Next cycle's suspects and answer windows, from this cycle's answers and what was carried. */
export function nextScreen(current: readonly BorderAnswer[], pool: readonly BorderAnswer[], carried: Partial<BorderScreen>, minCount: number, rule: BorderQuietRule = BORDER_QUIET): BorderScreen {
  const base = poolTokensOf(pool);
  const was = new Set(carried.suspects ?? []);
  const screen: BorderScreen = { suspects: [], recent: {} };
  for (const [prompt, answers] of groupBy(current, (s) => s.item ?? '')) {
    const poolTokens = base.get(prompt);
    const tokens = [...answers].sort((a, b) => a.sample - b.sample).map(firstTokenOf);
    const recent = [...(carried.recent?.[prompt] ?? []), ...tokens].slice(-rule.screenAnswers);
    screen.recent[prompt] = recent;
    if (!poolTokens || poolTokens.length < 2) continue;
    const moved = was.has(prompt) ? tokensP(tokens, poolTokens, minCount).p <= rule.keepAt : tokensP(recent, poolTokens, minCount).p <= rule.suspectAt;
    if (moved) screen.suspects.push(prompt);
  }
  return screen;
}

/**
 * The verdict on this cycle's answers so far: 'no-change' (stop) once every prompt has its thin
 * share, every suspect all of the canary's samples, and the thin round does not look moved; never
 * 'change' (findings stay the permutation test's and the e-detector's on what was sent).
 */
export function borderQuietVerdict(
  canary: Canary,
  current: readonly BorderAnswer[],
  pool: readonly BorderAnswer[],
  suspects: readonly string[],
  minCount: number,
  rule: BorderQuietRule = BORDER_QUIET,
): SequentialVerdict {
  const prompts = canary.items?.map((it) => it.id) ?? [];
  if (prompts.length === 0) return 'continue';
  const counts = new Map<string, number>();
  for (const s of current) counts.set(s.item ?? '', (counts.get(s.item ?? '') ?? 0) + 1);
  const thin = Math.min(rule.quietSamples, canary.samples);
  const suspect = new Set(suspects);
  if (prompts.some((id) => (counts.get(id) ?? 0) < (suspect.has(id) ? canary.samples : thin))) return 'continue';
  // Judged on the thin round alone (the same requests at every later look), so a cycle sent on
  // because its start looked moved is sent whole, never cut short when later answers look quiet.
  const round = groupBy(
    current.filter((s) => suspect.has(s.item ?? '') || s.sample < thin),
    (s) => s.item ?? '',
  );
  const base = poolTokensOf(pool);
  let [chi2, df] = [0, 0];
  for (const id of prompts) {
    const poolTokens = base.get(id);
    // A prompt missing from the pool (a canary edited since the baseline) cannot be judged: send whole.
    if (!poolTokens || poolTokens.length < 2) return 'continue';
    const t = tokensP((round.get(id) ?? []).map(firstTokenOf), poolTokens, minCount);
    chi2 += t.chi2;
    df += t.df;
  }
  return df > 0 && chiSquareSf(chi2, df) <= rule.wholeAt ? 'continue' : 'no-change';
}
