import { baseKnobs } from './model/catalog.js';
import { DEFAULT_MEDIAN_MS, cacheLookup, drawProcessingMs, type CacheOutcome, type ServiceKnobs } from './model/service.js';
import type { ModelKnobs } from './model/types.js';
import { fork, mulberry32, type Rng } from './rng.js';
import { activeScenarios, findScenario } from './scenarios/index.js';
import {
  defaultScenarioOptions,
  type Endpoint,
  type Interception,
  type RequestInfo,
  type ScenarioOptions,
  type SimResponse,
  type WireFormat,
} from './scenarios/types.js';

/** Token and request usage inside the current one-minute rate-limit window. */
export interface WindowUsage {
  /** Requests counted in the window. */
  requests: number;
  /** Input tokens billed in the window. */
  inputTokens: number;
  /** Output tokens billed in the window. */
  outputTokens: number;
  /** Epoch ms when the window resets. */
  resetsAt: number;
}

/** How long a cached prefix lives without reuse (Anthropic's default, OpenAI's typical). */
const PROMPT_CACHE_TTL_MS = 5 * 60_000;
/** Prefixes kept at most: memory stays bounded whatever callers send. */
const PROMPT_CACHE_ENTRIES = 10_000;

/** The simulator's mutable state: active scenarios, the random stream, the rate-limit window, timers. */
export class SimulatorState {
  private active: string[] = [];
  private opts: ScenarioOptions = { ...defaultScenarioOptions };
  private readonly rng: Rng;
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** Generation requests answered (count-token and model-metadata endpoints not counted). */
  generations = 0;
  private window: WindowUsage = { requests: 0, inputTokens: 0, outputTokens: 0, resetsAt: 0 };
  private closed = false;
  /** Stored prompt prefixes (key: model and prefix hash) and when each expires, oldest first. */
  private readonly promptCache = new Map<string, number>();

  constructor(
    seed: number,
    /** Delay added before every response, in ms. */
    readonly latencyMs: number,
  ) {
    this.rng = mulberry32(seed);
  }

  /** Active scenario ids, in the order they were set (`none` is dropped). */
  get scenarios(): string[] {
    return [...this.active];
  }

  /** Current scenario options. */
  get options(): ScenarioOptions {
    return { ...this.opts };
  }

  /** Replace the active scenarios (unknown ids throw) and merge options over the current ones. */
  setScenarios(ids: readonly string[], options: Partial<ScenarioOptions> = {}): void {
    const unknown = ids.filter((id) => !findScenario(id));
    if (unknown.length > 0) throw new Error(`unknown scenario: ${unknown.join(', ')}`);
    this.active = [...new Set(ids.filter((id) => id !== 'none'))];
    this.opts = { ...this.opts, ...options };
  }

  /** Add one scenario to the active set (`none` clears them all). */
  addScenario(id: string): void {
    this.setScenarios(id === 'none' ? [] : [...this.active, id]);
  }

  /** The hook context for one request, with its own forked random stream; `counted: false` for a second context of a request already counted. */
  requestInfo(format: WireFormat, endpoint: Endpoint, model: string, requestHash: number, tenant = '', counted = true): RequestInfo {
    if (endpoint === 'generate' && counted) this.generations++;
    return { format, endpoint, model, requestHash, tenant, options: this.options, rng: fork(this.rng, 'request') };
  }

  /** The first interception an active scenario makes, if any. */
  intercept(info: RequestInfo): Interception | null {
    for (const s of activeScenarios(this.active)) {
      const hit = s.intercept?.(info) ?? null;
      if (hit) return hit;
    }
    return null;
  }

  /** The model's knobs for this request with the active scenarios applied. */
  knobs(info: RequestInfo): ModelKnobs {
    return activeScenarios(this.active).reduce((k, s) => (s.knobs ? s.knobs(k, info) : k), baseKnobs(info.model));
  }

  /** Post-process a response through the active scenarios. */
  respond(res: SimResponse, info: RequestInfo): SimResponse {
    return activeScenarios(this.active).reduce((r, s) => (s.respond ? s.respond(r, info) : r), res);
  }

  /** Post-process a streamed answer through the active scenarios. */
  respondStream(res: SimResponse, info: RequestInfo): SimResponse {
    return activeScenarios(this.active).reduce((r, s) => (s.respondStream ? s.respondStream(r, info) : r), res);
  }

  /** Count a request and its tokens in the rate-limit window; returns the window after counting. */
  recordUsage(inputTokens: number, outputTokens: number, now = Date.now()): WindowUsage {
    if (now >= this.window.resetsAt) this.window = { requests: 0, inputTokens: 0, outputTokens: 0, resetsAt: now + 60_000 };
    this.window.requests += 1;
    this.window.inputTokens += inputTokens;
    this.window.outputTokens += outputTokens;
    return { ...this.window };
  }

  /**
   * One request's processing time: `reportedMs` goes into the timing header, `waitMs` is actually
   * waited. Without `--latency` the simulator reports a realistic heavy-tailed time around 400 ms but
   * answers at once, so tests stay fast while the latency probe reads the header.
   */
  processingTime(rng: Rng, service: ServiceKnobs, now = Date.now()): { reportedMs: number; waitMs: number } {
    const hour = (now / 3_600_000) % 24;
    const drawn = drawProcessingMs(rng, this.latencyMs > 0 ? this.latencyMs : DEFAULT_MEDIAN_MS, hour, service);
    return { reportedMs: Math.round(drawn), waitMs: this.latencyMs > 0 ? drawn : 0 };
  }

  /** Looks a prompt prefix up in the provider's cache, storing it on a miss (5-minute TTL, bounded). */
  promptCacheLookup(key: string, tokens: number, service: ServiceKnobs, rng: Rng, now = Date.now()): CacheOutcome {
    const expires = this.promptCache.get(key);
    const stored = expires !== undefined && expires > now;
    const out = cacheLookup(stored, rng, service, tokens);
    this.promptCache.delete(key);
    if (out.store) this.promptCache.set(key, now + PROMPT_CACHE_TTL_MS);
    while (this.promptCache.size > PROMPT_CACHE_ENTRIES) {
      const oldest = this.promptCache.keys().next().value;
      if (oldest === undefined) break;
      this.promptCache.delete(oldest);
    }
    return { read: out.read, write: out.write };
  }

  /** Wait `ms` (resolves early when the simulator closes). */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
      };
      this.timers.add(entry);
    });
  }

  /** Whether `close` has been called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Cancel pending sleeps. */
  close(): void {
    this.closed = true;
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.timers.clear();
  }
}
