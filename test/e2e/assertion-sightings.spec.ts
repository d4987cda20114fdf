/**
 * A broken contract seen in a single answer is reported after one more confirmation run than the
 * configured rule (probes/assertions): one answer cannot tell a garbled sample from a broken
 * contract. The shipped json-output canary sends one answer a cycle, so this is what keeps one
 * garbled JSON answer from paging while a broken contract is still reported in the same check.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { actionable, findingsOf } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const env = { SIM_API_KEY: 'sk-test-e2e-sightings' };
/** A rule the simulator's answers never satisfy: every answer breaks it. */
const strict = (id: string, samples: number): Record<string, unknown> => ({
  id,
  request: { messages: [{ role: 'user', content: 'Say OK.' }], params: { temperature: 0, maxTokens: 4 } },
  samples,
  probes: ['assertions'],
  assert: [{ type: 'contains', value: 'never-said-by-the-simulator' }],
});

describe('e2e: a failed assertion on a single answer needs one more sighting (confirmAfter: 2s, confirmCycles: 2)', () => {
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7 });
    ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 5000, maxRetries: 1 } },
        targets: ['sim/gpt-4o-mini'],
        evaluation: { confirmCycles: 2, confirmAfter: '2s' },
      },
      canaries: { 'one-answer.yaml': strict('one-answer', 1), 'two-answers.yaml': strict('two-answers', 2) },
    });
    const baseline = await runCli(['baseline', '--accept-anomalies', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sim.close();
    rmSync(ws.dir, { recursive: true, force: true });
  });

  it.each([
    { canary: 'one-answer', confirmations: 2 },
    { canary: 'two-answers', confirmations: 1 },
  ])('$canary: reported by the same check after $confirmations confirmation run(s), exit 1', async ({ canary, confirmations }) => {
    const result = await runCli(['check', '--json', '--no-alerts', '--canary', canary, '--config', ws.configPath], { env, timeoutMs: 60_000 });
    expect(actionable(findingsOf(result))).toEqual([`${canary}:assertion.failed`]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((l) => l.includes('"msg":"confirming suspicions with fresh requests"'))).toHaveLength(confirmations);
  }, 60_000);
});
