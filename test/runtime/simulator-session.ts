import { PassThrough } from 'node:stream';
import { openSession } from '../../src/commands/session.js';
import type { Session } from '../../src/runtime/session.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

export const SIM_TARGET = 'sim/gpt-4o-mini';

/** One canary that costs two requests and runs the probes that need no extra request. */
export const smallCanary = {
  id: 'small',
  request: { messages: [{ role: 'user', content: 'Say hello.' }], params: { temperature: 0, maxTokens: 8 } },
  samples: 2,
  probes: ['shape', 'identity', 'tokens'],
};

/** A workspace whose one provider is the simulator, with `smallCanary`. */
export function simulatorWorkspace(sim: Simulator, config: Record<string, unknown> = {}): Workspace {
  return makeWorkspace({
    config: {
      providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: 'sk-sim', timeout: 2000, maxRetries: 0 } },
      targets: [SIM_TARGET],
      ...config,
    },
    canaries: { 'small.yaml': smallCanary },
  });
}

/** An in-process session (config, state lock, engine) over a workspace; the caller closes it. */
export async function sessionOver(ws: Workspace): Promise<Session> {
  const session = await openSession({ configPath: ws.configPath, out: new PassThrough(), err: new PassThrough(), env: {} });
  if ('exitCode' in session) throw new Error(`session did not open: exit ${session.exitCode}`);
  return session;
}

export { startSimulator, type Simulator };
