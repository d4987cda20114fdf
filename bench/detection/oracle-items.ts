/**
 * Exact per-call observation distributions of each scenario's canary under H0 and H1, from the
 * simulator's pure model functions (tokenDistribution, knobsFor, baseKnobs, generate).
 */
import type { Canary, CanaryItem } from '../../src/config/canary-schema.js';
import { ProviderConfig } from '../../src/config/schema.js';
import { openai } from '../../src/providers/openai/index.js';
import { baseKnobs, generate, knobsFor, logSoftmax, LOGPROB_JITTER, mulberry32, positionLogits, tokenDistribution, type ModelKnobs, type ModelRequest } from '../../src/simulator/index.js';
import { modelRequestOf, requestHashOf, type ChatBody } from './fast-observe.js';
import { aligned, type OracleItem } from './oracle.js';

const PROVIDER = ProviderConfig.parse({ type: 'openai', baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-bench' });

/** The simulator request and its hash for one canary item, as the adapter builds it. */
function requestFor(canary: Canary, model: string, item: CanaryItem | undefined): { req: ModelRequest; hash: number } {
  const built = openai.buildRequest({ canary, item, target: { id: `sim/${model}`, provider: 'sim', model }, provider: PROVIDER, sample: 0 });
  return { req: modelRequestOf(built.request.body as unknown as ChatBody), hash: requestHashOf(built.request) };
}

function itemsOf(canary: Canary): (CanaryItem | undefined)[] {
  return canary.items?.length ? canary.items : [undefined];
}

/** First token at temperature 0: the argmax, or the runner-up on the `divergenceRate` share of calls. */
function greedyFirstToken(req: ModelRequest, knobs: ModelKnobs): Map<string, number> {
  const ranked = tokenDistribution({ ...req, temperature: 1 }, knobs);
  const [best, second] = [ranked[0]!.token, ranked[1]!.token];
  return new Map([
    [best, 1 - knobs.divergenceRate],
    [second, knobs.divergenceRate],
  ]);
}

/** First token at the canary's own temperature (> 0): the exact sampling distribution. */
function sampledFirstToken(req: ModelRequest, knobs: ModelKnobs): Map<string, number> {
  return new Map(tokenDistribution(req, knobs).map((t) => [t.token, t.prob]));
}

/** Output token count of a temperature-0 answer (its length is fixed by weights and prompt). */
function greedyLength(req: ModelRequest, knobs: ModelKnobs): Map<string, number> {
  return new Map([[String(generate(req, knobs, mulberry32(1)).tokens.length), 1]]);
}

/** Output token count at temperature 1: round(Gamma(4, mean/4)), at least 1, cut at the cap. */
function sampledLength(req: ModelRequest, knobs: ModelKnobs): Map<string, number> {
  const cap = req.maxTokens ?? knobs.defaultMaxTokens;
  const scale = knobs.meanLength / 4;
  const cdf = (x: number): number => (x <= 0 ? 0 : 1 - Math.exp(-x / scale) * (1 + x / scale + (x / scale) ** 2 / 2 + (x / scale) ** 3 / 6));
  const out = new Map<string, number>();
  for (let l = 1; l < cap; l++) out.set(String(l), cdf(l + 0.5) - (l === 1 ? 0 : cdf(l - 0.5)));
  out.set(String(cap), 1 - cdf(cap - 0.5));
  return out;
}

/** Diverged from the deterministic path or not (what seeded temperature-0 reproducibility shows). */
function divergence(_req: ModelRequest, knobs: ModelKnobs): Map<string, number> {
  return new Map([
    ['same', 1 - knobs.divergenceRate],
    ['diverged', knobs.divergenceRate],
  ]);
}

const OBSERVATIONS = { greedyFirstToken, sampledFirstToken, greedyLength, sampledLength, divergence } as const;

/** Which observation the oracle scores for a scenario. */
export type ObservationKind = keyof typeof OBSERVATIONS;

/** Per-item H0/H1 distributions of `observation` for `scenario` on `model`. */
export function oracleItems(canary: Canary, model: string, scenario: string, observation: ObservationKind): OracleItem[] {
  const observe = OBSERVATIONS[observation];
  return itemsOf(canary).map((item) => {
    const { req, hash } = requestFor(canary, model, item);
    const h0 = baseKnobs(model);
    const h1 = knobsFor([scenario], model, {}, { requestHash: hash });
    return aligned(observe(req, h0), observe(req, h1));
  });
}

/** How many of the canary's distinct requests `scenario` serves from other weights on `model` (sticky partial traffic). */
export function exposedRequests(canary: Canary, model: string, scenario: string): number {
  const base = baseKnobs(model).weightsId;
  return itemsOf(canary).filter((item) => knobsFor([scenario], model, {}, { requestHash: requestFor(canary, model, item).hash }).weightsId !== base).length;
}

/**
 * Per item: how far the logprob the answer reports for the no-drift greedy first token moves under
 * `scenario`, in units of the simulator's logprob jitter (sd). The logprob-reading oracle's input.
 */
export function logprobShifts(canary: Canary, model: string, scenario: string): number[] {
  return itemsOf(canary).map((item) => {
    const { req, hash } = requestFor(canary, model, item);
    const lp0 = logSoftmax(positionLogits(req, baseKnobs(model)).logits);
    const lp1 = logSoftmax(positionLogits(req, knobsFor([scenario], model, {}, { requestHash: hash })).logits);
    const best = lp0.indexOf(Math.max(...lp0));
    return Math.abs((lp1[best] ?? 0) - (lp0[best] ?? 0)) / LOGPROB_JITTER;
  });
}
