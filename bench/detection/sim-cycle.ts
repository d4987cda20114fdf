/**
 * In-process canary cycles against the simulator: the OpenAI adapter builds each request, the
 * simulator's own Chat Completions route answers it without a socket (same request hash, same
 * model code, same response body), and the adapter parses the answer into an Observation. Exactly
 * what a daemon cycle sees, minus the network, so thousands of trials fit in a few minutes.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { parse } from 'yaml';
import { Canary, type CanaryItem } from '../../src/config/canary-schema.js';
import { ProviderConfig } from '../../src/config/schema.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import type { HttpRequest, HttpResult } from '../../src/http/types.js';
import { openai } from '../../src/providers/openai/index.js';
import type { SampleContext } from '../../src/providers/types.js';
import { openAiChatRoutes } from '../../src/simulator/routes/openai-chat.js';
import type { ScenarioOptions } from '../../src/simulator/scenarios/types.js';
import { SimulatorState } from '../../src/simulator/state.js';
import { nextBatchSize, type PlannedRequest } from '../../src/runtime/engine/sequential.js';
import { fastObservation, lengthObservation } from './fast-observe.js';

const BASE = 'http://127.0.0.1:1/v1';
const PROVIDER = ProviderConfig.parse({ type: 'openai', baseUrl: BASE, apiKey: 'sk-bench' });

/** A shipped canary file, parsed through the real schema. */
export function loadCanary(id: string): Canary {
  const url = new URL(`../../../canaries/${id}.yaml`, import.meta.url);
  return Canary.parse(parse(readFileSync(url, 'utf8')));
}

export type SimMode = 'fast' | 'adapter' | 'lengths';

/** One simulated provider: its own seeded state (nondeterminism) and active scenarios. */
export class SimProvider {
  private readonly state: SimulatorState;
  /** Synthetic clock (ms): requests 50 ms apart, cycles an hour apart, so pools regroup into cycles. */
  private clock: number;

  /** Per canary: an adapter-made observation whose envelope the fast path reuses. */
  private readonly templates = new Map<string, SuccessObservation>();

  /**
   * `fast` skips the wire format (see fast-observe.ts); `adapter` goes through route and adapter;
   * `lengths` draws only output counts and finish reasons (long no-drift runs of the length probe).
   */
  /** The provider entry requests are built with (a tenant sends its own `x-tenant` header). */
  private readonly provider: ProviderConfig;

  constructor(
    seed: number,
    private readonly mode: SimMode = 'fast',
    startMs = Date.parse('2026-01-01T00:00:00.000Z'),
    tenant?: string,
  ) {
    this.state = new SimulatorState(seed, 0);
    this.clock = startMs;
    this.provider = tenant === undefined ? PROVIDER : { ...PROVIDER, headers: { 'x-tenant': tenant } };
  }

  /** The synthetic clock, so a stream forked from a pool can start after it. */
  get now(): number {
    return this.clock;
  }

  setScenarios(ids: string[], options: Partial<ScenarioOptions> = {}): void {
    this.state.setScenarios(ids, options);
  }

  private async send(req: HttpRequest): Promise<HttpResult> {
    const url = new URL(req.url);
    const route = openAiChatRoutes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) throw new Error(`no simulator route for ${url.pathname}`);
    const fakeReq = { method: req.method, url: url.pathname, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])) };
    const res = await route.handle({
      req: fakeReq as unknown as IncomingMessage,
      url,
      bodyText: JSON.stringify(req.body),
      params: [],
      state: this.state,
    });
    if (!res.events) return { kind: 'response', attempts: 1, response: { status: res.status, headers: res.headers, bodyText: JSON.stringify(res.body), latencyMs: 5 } };
    // A streamed answer, read as the HTTP client reads it: cut after `stopAfterEvents` events.
    const events = [...res.events.map((e) => JSON.stringify(e)), '[DONE]'].map((e) => `data: ${e}\n\n`);
    const stopped = req.stopAfterEvents !== undefined && events.length > req.stopAfterEvents;
    const bodyText = (stopped ? events.slice(0, req.stopAfterEvents) : events).join('');
    return { kind: 'response', attempts: 1, response: { status: res.status, headers: res.headers, bodyText, latencyMs: 5, ...(stopped ? { stoppedEarly: true } : {}) } };
  }

  /** One cycle of `canary` on `model`: every (item, sample) request, as the runtime sends them. */
  async cycle(canary: Canary, model: string): Promise<SuccessObservation[]> {
    const items: (CanaryItem | undefined)[] = canary.items?.length ? canary.items : [undefined];
    const out: SuccessObservation[] = [];
    for (const item of items) {
      for (let sample = 0; sample < canary.samples; sample++) {
        out.push(await this.one(canary, model, item, sample));
      }
    }
    this.clock += 3_600_000;
    return out;
  }

  /**
   * One sequential cycle (src/runtime/engine/sequential.ts): `order` in the runtime's batches of
   * 1, 1, 2, 4, … up to `lanes`, stopping once `decided` says so after a batch.
   */
  async planned(canary: Canary, model: string, order: readonly PlannedRequest[], lanes: number, decided: (sofar: readonly SuccessObservation[]) => boolean): Promise<SuccessObservation[]> {
    const out: SuccessObservation[] = [];
    while (out.length < order.length) {
      const batch = order.slice(out.length, out.length + nextBatchSize(out.length, lanes));
      for (const { item, sample } of batch) out.push(await this.one(canary, model, item, sample));
      if (decided(out)) break;
    }
    this.clock += 3_600_000;
    return out;
  }

  /** One request (naive comparator: one call of one item). */
  async one(canary: Canary, model: string, item: CanaryItem | undefined, sample: number): Promise<SuccessObservation> {
    const ctx: SampleContext = { canary, item, target: { id: `sim/${model}`, provider: 'sim', model }, provider: this.provider, sample };
    const built = openai.buildRequest(ctx);
    this.clock += 50;
    const timestamp = new Date(this.clock).toISOString();
    const template = this.templates.get(canary.id);
    if (this.mode !== 'adapter' && template) {
      const fields = { ...(item ? { item: item.id } : {}), sample, timestamp };
      if (this.mode === 'lengths') return lengthObservation(this.state, built.request, template, fields);
      return fastObservation(this.state, built.request, template, fields, canary.request.params.logprobs === true);
    }
    const result = await this.send(built.request);
    const obs = openai.parseResponse(result, ctx, built, new Date(this.clock));
    if (!obs.ok) throw new Error(`simulator request failed: ${obs.failure.message}`);
    if (!this.templates.has(canary.id)) this.templates.set(canary.id, obs);
    return obs;
  }
}

/** The fields the statistical probes read, for comparing the two paths. */
function probeView(o: SuccessObservation): string {
  const { item, sample, timestamp, text, finishReason, usage, modelReported, fingerprint, logprobs } = o;
  return JSON.stringify({ item, sample, timestamp, text, finishReason, usage, modelReported, fingerprint, logprobs });
}

/**
 * Runs `cycles` cycles of `canary` through the adapter path and through the fast path from the same
 * seed (scenarios applied from the second cycle on) and throws unless every observation matches.
 */
export async function validateFastPath(canary: Canary, model: string, scenarios: string[], cycles = 2): Promise<number> {
  const slow = new SimProvider(99, 'adapter');
  const fast = new SimProvider(99, 'fast');
  await fast.one(canary, model, canary.items?.[0], 0); // the template request, outside the compared stream
  await slow.one(canary, model, canary.items?.[0], 0);
  let compared = 0;
  for (let c = 0; c < cycles; c++) {
    if (c === 1) [slow, fast].forEach((s) => s.setScenarios(scenarios));
    const [a, b] = [await slow.cycle(canary, model), await fast.cycle(canary, model)];
    a.forEach((o, i) => {
      if (probeView(o) !== probeView(b[i]!)) throw new Error(`fast path differs from the adapter path: ${canary.id} #${i}\n${probeView(o)}\n${probeView(b[i]!)}`);
      compared++;
    });
  }
  return compared;
}

/** Checks the lengths-only path against the fast path (output counts and finish reasons) from one seed. */
export async function validateLengthPath(canary: Canary, model: string, cycles = 3): Promise<number> {
  const [full, lengths] = [new SimProvider(98, 'fast'), new SimProvider(98, 'lengths')];
  let compared = 0;
  for (let c = 0; c < cycles; c++) {
    const [a, b] = [await full.cycle(canary, model), await lengths.cycle(canary, model)];
    a.forEach((o, i) => {
      const [x, y] = [`${o.usage.output}/${o.finishReason}`, `${b[i]!.usage.output}/${b[i]!.finishReason}`];
      if (x !== y) throw new Error(`lengths-only path differs from the fast path: ${canary.id} #${i}: ${x} vs ${y}`);
      compared++;
    });
  }
  return compared;
}
