import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { parseFindings, runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const env = { SIM_KEY: 'sk-test-responses-9a8b7c6d' };

const check = (ws: Workspace): Promise<CliResult> => runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env });

describe('e2e: a maxTokens: 1 canary on the Responses API (minimum max_output_tokens 16)', () => {
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 16 });
    ws = makeWorkspace({
      config: {
        providers: { oar: { type: 'openai', api: 'responses', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_KEY}', timeout: 5000, maxRetries: 1 } },
        targets: ['oar/gpt-4o-mini'],
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
    const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('is measured, not refused, and its length stop at 16 is no output cap change over two checks', async () => {
    for (let i = 0; i < 2; i++) {
      const result = await check(ws);
      const kinds = parseFindings(result).map((f) => f.kind);
      expect(kinds.filter((k) => k.startsWith('availability.')), `check ${i}: ${result.stdout}`).toEqual([]);
      expect(kinds, `check ${i}`).not.toContain('tokens.output_cap_changed');
      expect(result.code, result.stdout + result.stderr).toBe(0);
    }
  });
});
