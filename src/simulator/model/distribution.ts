import { hash32, hashUniform, mulberry32, normal } from '../rng.js';
import { jsonTemplate, type JsonSlot } from './json-template.js';
import { classifyPrompt, promptKey } from './prompt-kind.js';
import type { ModelKnobs, ModelRequest, PromptKind, TokenProbability } from './types.js';
import { DIGITS, LETTERS, MCQ_DISTRACTORS, PUNCTUATION, WORDS, capitalise, type Letter } from './vocab.js';

/** The candidate tokens of one position and their unscaled logits (same order). */
export interface PositionLogits {
  /** Candidate token texts. */
  readonly tokens: readonly string[];
  /** Logit per candidate. */
  readonly logits: readonly number[];
}

/**
 * `n` standard normal draws of mulberry32(seed), each `normal(rng)` of rng.ts, scaled by `scale` and,
 * when `shift` is given, shifted by `shift[j]` (or `fallback` past its end). The generator and Box-Muller are inlined because this is the
 * simulator's hottest loop (every token position of a sampled answer draws ~125 of them): the
 * arithmetic, and so every value, is exactly that of rng.ts.
 */
function shiftedNormals(seed: number, n: number, scale: number, shift?: readonly number[], fallback = 0): number[] {
  const out = new Array<number>(n);
  let a = seed >>> 0;
  for (let j = 0; j < n; j++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = Math.max(((t ^ (t >>> 14)) >>> 0) / 4294967296, 1e-12);
    a = (a + 0x6d2b79f5) >>> 0;
    t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const v = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    const x = scale * (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    out[j] = shift ? x + (shift[j] ?? fallback) : x;
  }
  return out;
}

const SPACED = WORDS.map((w) => ` ${w}`);
const SPACED_PUNCT = [...SPACED, ...PUNCTUATION];
const CAPITALISED = WORDS.map(capitalise);
const ZIPF = WORDS.map((_, j) => -0.35 * Math.log(1 + j));

// Temperature-0 answers walk the same contexts on every call; a bounded memo of this pure function
// makes a repeated greedy canary about 3x cheaper to simulate. Callers only read the result.
const WORD_MEMO = new Map<number, PositionLogits>();
const WORD_MEMO_SIZE = 4096;

function wordLogits(ctx: number, leadingSpace: boolean, punctuation: boolean): PositionLogits {
  const key = ctx * 4 + (leadingSpace ? 2 : 0) + (punctuation ? 1 : 0);
  const known = WORD_MEMO.get(key);
  if (known) return known;
  const logits = shiftedNormals(ctx, WORDS.length + (punctuation ? PUNCTUATION.length : 0), 2.2, ZIPF, -1.5);
  const tokens = punctuation ? SPACED_PUNCT : leadingSpace ? SPACED : CAPITALISED;
  const computed = { tokens, logits };
  if (WORD_MEMO.size >= WORD_MEMO_SIZE) WORD_MEMO.delete(WORD_MEMO.keys().next().value as number);
  WORD_MEMO.set(key, computed);
  return computed;
}

function mcqOracleLogits(item: number): number[] {
  const peak = item % 4;
  const difficulty = hashUniform(item, 'difficulty');
  const margin = 4.5 * (1 - difficulty) - 0.5;
  return LETTERS.map((_, l) => (l === peak ? margin : 0) + 0.7 * normal(mulberry32(hash32(item, 'oracle', l))));
}

function mcqLogits(item: number, knobs: ModelKnobs): PositionLogits {
  const oracle = mcqOracleLogits(item);
  const letters = oracle.map((o, l) => o + 0.4 * normal(mulberry32(hash32(knobs.weightsId, item, 'skill', l))));
  const distractors = MCQ_DISTRACTORS.map((_, j) => -3.5 + 0.8 * normal(mulberry32(hash32(knobs.weightsId, item, 'x', j))));
  return {
    tokens: [...LETTERS, ...MCQ_DISTRACTORS],
    logits: [...letters, ...distractors].map((x) => x * knobs.mcqLogitScale),
  };
}

function jsonLogits(ctx: number, slot: JsonSlot): PositionLogits {
  if ('digit' in slot) {
    const digits = slot.digit === 'nonzero' ? DIGITS.slice(1) : DIGITS;
    return { tokens: [...digits], logits: shiftedNormals(ctx, digits.length, 1.5) };
  }
  if ('boolean' in slot) {
    return { tokens: ['true', 'false'], logits: shiftedNormals(ctx, 2, 1.5) };
  }
  if ('words' in slot) return wordLogits(ctx, slot.words, false);
  const alternatives = wordLogits(ctx, true, false);
  return {
    tokens: [slot.fixed, ...alternatives.tokens.slice(0, 6)],
    logits: [14, ...alternatives.logits.slice(0, 6)],
  };
}

/**
 * Pure: the unscaled logits at output position `prefix.length`, given the tokens already generated.
 * The logits are a deterministic function of the weights id, the prompt, the position and the
 * two previous tokens.
 */
export function positionLogits(
  req: Pick<ModelRequest, 'system' | 'messages'>,
  knobs: ModelKnobs,
  prefix: readonly string[] = [],
  kind: PromptKind = classifyPrompt(req),
): PositionLogits {
  const key = promptKey(req);
  const i = prefix.length;
  const ctx = hash32(knobs.weightsId, key, i, prefix[i - 1] ?? '', prefix[i - 2] ?? '');
  if (kind === 'mcq') return mcqLogits(key, knobs);
  if (kind === 'json') return jsonLogits(ctx, jsonTemplate(req)[i] ?? { fixed: '}' });
  return wordLogits(ctx, i > 0, i > 0);
}

/** Log-softmax of logits (temperature 1): what logprobs report. */
export function logSoftmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  let sum = 0;
  for (const x of logits) sum += Math.exp(x - max);
  const lse = max + Math.log(sum);
  const out = new Array<number>(logits.length);
  for (let j = 0; j < logits.length; j++) out[j] = (logits[j] as number) - lse;
  return out;
}

/** Sampling probabilities at a temperature (0 = point mass on the argmax) with nucleus `topP`. */
export function samplingProbs(logits: readonly number[], temperature: number, topP = 1): number[] {
  if (temperature <= 0) {
    const best = logits.indexOf(Math.max(...logits));
    return logits.map((_, j) => (j === best ? 1 : 0));
  }
  const probs = logSoftmax(logits.map((x) => x / temperature));
  for (let j = 0; j < probs.length; j++) probs[j] = Math.exp(probs[j] as number);
  if (topP >= 1) return probs;
  // Most probable first; the sort is stable, so equal probabilities keep their index order.
  const order = probs.map((_, j) => j).sort((a, b) => (probs[b] as number) - (probs[a] as number));
  const keep = new Uint8Array(probs.length);
  let mass = 0;
  for (const j of order) {
    keep[j] = 1;
    mass += probs[j] as number;
    if (mass >= topP) break;
  }
  return probs.map((p, j) => (keep[j] ? p / mass : 0));
}

/**
 * Pure: the model's exact sampling distribution over the token at position `prefix.length`
 * (default: the first output token), best first. Temperature 0 is a point mass on the argmax;
 * the simulator's rare nondeterministic divergence is not included. Benchmarks use this for
 * oracle likelihoods under the normal and the drifted knobs.
 */
export function tokenDistribution(
  req: Pick<ModelRequest, 'system' | 'messages' | 'temperature' | 'topP'>,
  knobs: ModelKnobs,
  prefix: readonly string[] = [],
): TokenProbability[] {
  const { tokens, logits } = positionLogits(req, knobs, prefix);
  const probs = samplingProbs(logits, req.temperature, req.topP);
  return tokens.map((token, j) => ({ token, prob: probs[j] ?? 0 })).sort((a, b) => b.prob - a.prob);
}

/**
 * Pure: the answer key of a multiple-choice prompt, or null for other prompts. It is drawn from
 * the item's own latent distribution, so that a model's confidence is calibrated on average.
 */
export function mcqAnswerKey(req: Pick<ModelRequest, 'system' | 'messages'>): Letter | null {
  if (classifyPrompt(req) !== 'mcq') return null;
  const item = promptKey(req);
  const probs = samplingProbs(mcqOracleLogits(item), 1);
  let u = hashUniform(item, 'truth');
  for (let l = 0; l < LETTERS.length; l++) {
    u -= probs[l] ?? 0;
    if (u < 0) return LETTERS[l] ?? 'A';
  }
  return 'D';
}
