import { fork, gammaInt, hash32, mulberry32, normal, type Rng } from '../rng.js';
import { logSoftmax, positionLogits, samplingProbs } from './distribution.js';
import { jsonTemplate } from './json-template.js';
import { classifyPrompt, lastUserText, promptKey } from './prompt-kind.js';
import type { Generation, GeneratedToken, ModelKnobs, ModelRequest, PromptKind } from './types.js';

/** Prompts asking for long-form answers get answers this many times longer than the model's mean. */
const LONG_FORM = /\b(long|detailed|in detail|essay)\b/i;
const LONG_FORM_FACTOR = 8;
/** Prompts that ask the model not to stop (e.g. count to 100,000) run until the output cap. */
const UNBOUNDED = /\b(do not stop|don't stop|never stop|without stopping)\b/i;
const UNBOUNDED_LENGTH = 1_000_000;

/** Standard deviation of the numerical noise on reported logprobs (real backends are not bit-exact). */
export const LOGPROB_JITTER = 0.002;

function pick(probs: readonly number[], rng: Rng, exclude = -1): number {
  const total = probs.reduce((s, p, j) => (j === exclude ? s : s + p), 0);
  if (total <= 0) return -1;
  let u = rng.next() * total;
  let last = -1;
  for (let j = 0; j < probs.length; j++) {
    const p = probs[j] ?? 0;
    if (j === exclude || p <= 0) continue;
    last = j;
    u -= p;
    if (u < 0) return j;
  }
  return last;
}

/**
 * Indices of the `k` largest values, largest first, equal values in index order: the first `k` of a
 * stable descending sort, found without sorting every candidate (`k` is a handful, candidates ~125).
 */
function topIndices(values: readonly number[], k: number): number[] {
  const top: number[] = [];
  for (let j = 0; j < values.length && k > 0; j++) {
    const v = values[j] ?? 0;
    if (top.length === k && v <= (values[top[k - 1] as number] ?? 0)) continue;
    let at = top.length;
    while (at > 0 && v > (values[top[at - 1] as number] ?? 0)) at--;
    top.splice(at, 0, j);
    if (top.length > k) top.pop();
  }
  return top;
}

// The memoised positions of distribution.ts hand out the same logits array each time a greedy answer
// walks them again; their log-softmax is kept beside them (collected with them). Only read here.
const LOGPROBS = new WeakMap<readonly number[], number[]>();

function logprobsOf(logits: readonly number[]): number[] {
  let raw = LOGPROBS.get(logits);
  if (!raw) LOGPROBS.set(logits, (raw = logSoftmax(logits)));
  return raw;
}

/** Indices of the largest and second-largest values (linear scan). */
function bestTwo(values: readonly number[]): [number, number] {
  let best = 0;
  let second = -1;
  for (let j = 1; j < values.length; j++) {
    const v = values[j] ?? -Infinity;
    if (v > (values[best] ?? -Infinity)) {
      second = best;
      best = j;
    } else if (second < 0 || v > (values[second] ?? -Infinity)) second = j;
  }
  return [best, second < 0 ? best : second];
}

function answerLength(kind: PromptKind, req: ModelRequest, knobs: ModelKnobs, sampler: Rng): number {
  if (kind === 'mcq') return 1;
  if (kind === 'json') return jsonTemplate(req).length;
  if (UNBOUNDED.test(lastUserText(req))) return UNBOUNDED_LENGTH;
  const rng = req.temperature <= 0 ? mulberry32(hash32(knobs.weightsId, promptKey(req), 'length')) : sampler;
  const mean = knobs.meanLength * (LONG_FORM.test(lastUserText(req)) ? LONG_FORM_FACTOR : 1);
  // Gamma(4) around the mean: a negative-binomial-like spread, never below one token.
  return Math.max(1, Math.round(gammaInt(rng, 4, mean / 4)));
}

/** The draws `generate` makes before any token: prompt kind, sampler, planned length and cap. */
function plannedAnswer(req: ModelRequest, knobs: ModelKnobs, noise: Rng) {
  const kind = classifyPrompt(req);
  const cap = req.maxTokens ?? knobs.defaultMaxTokens;
  const greedy = req.temperature <= 0;
  const seeded = req.seed !== undefined && knobs.seedHonoured;
  const sampler = seeded
    ? mulberry32(hash32('seed', req.seed ?? 0, promptKey(req), req.temperature, req.topP ?? 1, req.choiceIndex ?? 0))
    : fork(noise, 'sample');
  const length = answerLength(kind, req, knobs, sampler);
  return { kind, cap, greedy, seeded, sampler, length, n: Math.min(length, cap) };
}

/**
 * The output token count and finish reason `generate` would give for the same request, knobs and
 * noise, without generating the tokens (benchmarks of length statistics over many cycles). Not for
 * reasoning models, whose reasoning-token draw follows the tokens.
 */
export function generatedLength(req: ModelRequest, knobs: ModelKnobs, noise: Rng): { outputTokens: number; finishReason: 'stop' | 'length' } {
  if (knobs.reasoning) throw new Error('generatedLength: reasoning models draw their reasoning tokens after the answer');
  const { cap, length, n } = plannedAnswer(req, knobs, noise);
  return { outputTokens: n, finishReason: length < cap ? 'stop' : 'length' };
}

/**
 * Generate one answer. Deterministic given (request, knobs) at temperature 0 and, when the seed is
 * honoured, at temperature > 0; `noise` supplies the nondeterministic part: the rare divergence at
 * one position (`knobs.divergenceRate`), unseeded sampling, and logprob jitter.
 */
export function generate(req: ModelRequest, knobs: ModelKnobs, noise: Rng): Generation {
  const { kind, cap, greedy, seeded, sampler, length, n } = plannedAnswer(req, knobs, noise);
  const diverges = (greedy || seeded) && noise.next() < knobs.divergenceRate;
  const divergeAt = diverges ? Math.floor(noise.next() * n) : -1;

  const tokens: GeneratedToken[] = [];
  const prefix: string[] = [];
  for (let i = 0; i < n; i++) {
    const { tokens: candidates, logits } = positionLogits(req, knobs, prefix, kind);
    const raw = logprobsOf(logits);
    const jittered = new Map<number, number>();
    const lp = (j: number): number => {
      const known = jittered.get(j);
      if (known !== undefined) return known;
      const v = Math.min(0, (raw[j] ?? 0) + LOGPROB_JITTER * normal(noise));
      jittered.set(j, v);
      return v;
    };
    const [first, second] = bestTwo(logits);
    let idx: number;
    if (greedy) idx = i === divergeAt ? second : first;
    else {
      // At temperature 1 without nucleus, samplingProbs is exp(logSoftmax(logits / 1)): exp of `raw`.
      const probs = req.temperature === 1 && (req.topP ?? 1) >= 1 ? raw.map(Math.exp) : samplingProbs(logits, req.temperature, req.topP);
      idx = pick(probs, sampler);
      if (i === divergeAt) {
        const other = pick(probs, noise, idx);
        idx = other >= 0 ? other : idx === first ? second : first;
      }
    }
    const token = candidates[idx] ?? '';
    const top =
      req.topLogprobs > 0
        ? topIndices(raw, req.topLogprobs).map((j) => ({ token: candidates[j] ?? '', logprob: lp(j) }))
        : [];
    tokens.push({ token, logprob: lp(idx), top });
    prefix.push(token);
  }
  return {
    tokens,
    text: prefix.join(''),
    finishReason: length < cap ? 'stop' : 'length',
    reasoningTokens: knobs.reasoning ? 16 + Math.floor(noise.next() * 48) : 0,
    kind,
  };
}
