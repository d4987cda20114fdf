import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { json, readBody, writeResponse } from './http-io.js';
import { adminRoutes } from './routes/admin.js';
import { anthropicRoutes } from './routes/anthropic.js';
import { geminiRoutes } from './routes/gemini.js';
import { openAiChatRoutes } from './routes/openai-chat.js';
import { openAiResponsesRoutes } from './routes/openai-responses.js';
import type { Route } from './routes/types.js';
import { findScenario } from './scenarios/index.js';
import type { ScenarioOptions, SimResponse } from './scenarios/types.js';
import { SimulatorState } from './state.js';

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Ignored unless a loopback address: the simulator only ever binds to 127.0.0.1. */
  host?: string;
  /** Seed of the nondeterministic parts (divergence, unseeded sampling, ids); default 1. */
  seed?: number;
  /** Scenarios active from the start. */
  scenarios?: string[];
  /** Scenario options (hidden tokens, flaky rate, hang time, swap fraction, seed-lost divergence, retirement time). */
  options?: Partial<ScenarioOptions>;
  /** Scenarios added after a delay (`none` clears all): the demo's "drift after a minute". */
  schedule?: { afterMs: number; scenario: string }[];
  /** Delay added to every response, in ms (default 0). */
  latencyMs?: number;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (append `/v1`, `/v1beta` as each provider expects). */
  url: string;
  /** The bound port. */
  port: number;
  /** Replace the active scenarios; options merge over the current ones. Throws on an unknown id. */
  setScenarios(ids: string[], options?: Partial<ScenarioOptions>): void;
  /** Active scenario ids. */
  scenarios(): string[];
  /** Generation requests answered so far (count-token and metadata endpoints not counted): what a cycle's sampling cost is checked by. */
  generations(): number;
  /** Stop listening, cut open connections (stalled requests included) and cancel the schedule. */
  close(): Promise<void>;
}

const routes: Route[] = [...adminRoutes, ...openAiChatRoutes, ...openAiResponsesRoutes, ...anthropicRoutes, ...geminiRoutes];

async function dispatch(req: IncomingMessage, state: SimulatorState): Promise<SimResponse> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = decodeURIComponent(url.pathname);
  for (const route of routes) {
    if (route.method !== req.method) continue;
    const match = route.pattern.exec(path);
    if (!match || (route.when && !route.when(req))) continue;
    const bodyText = req.method === 'POST' ? await readBody(req) : '';
    return route.handle({ req, url, bodyText, state, params: match.slice(1).map((p) => p ?? '') });
  }
  return json(404, { error: { message: `No route for ${req.method ?? ''} ${url.pathname}`, type: 'invalid_request_error', param: null, code: null } });
}

/** Start the simulator on 127.0.0.1. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimulatorState(opts.seed ?? 1, opts.latencyMs ?? 0);
  state.setScenarios(opts.scenarios ?? [], opts.options ?? {});
  const unknown = (opts.schedule ?? []).filter((e) => !findScenario(e.scenario)).map((e) => e.scenario);
  if (unknown.length > 0) throw new Error(`unknown scenario in schedule: ${unknown.join(', ')}`);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    dispatch(req, state).then(
      (sim) => writeResponse(res, sim),
      (err: unknown) => writeResponse(res, json(500, { error: { message: err instanceof Error ? err.message : 'internal error' } })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const timers = (opts.schedule ?? []).map((entry) => setTimeout(() => state.addScenario(entry.scenario), entry.afterMs));

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setScenarios: (ids, options) => state.setScenarios(ids, options),
    scenarios: () => state.scenarios,
    generations: () => state.generations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        state.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
