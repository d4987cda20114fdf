import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { parseFindings, runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const env = { SIM_KEY: 'sk-test-shapes-4d5e6f7a8b' };
const common = { apiKey: '${SIM_KEY}', timeout: 5000, maxRetries: 1 };

const check = (ws: Workspace): Promise<CliResult> => runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env });
const actionable = (result: CliResult) => parseFindings(result).filter((f) => f.severity !== 'info');

/** The pooled samples and shape summary of one snapshot file. */
function snapshot(ws: Workspace, target: string, canary: string): { samples: { text: string; finishReason: string }[]; probes: { shape: { schemaIssues: string[] } } } {
  return JSON.parse(readFileSync(join(ws.snapshotsDir, target, `${canary}.json`), 'utf8')) as ReturnType<typeof snapshot>;
}

describe('e2e: Gemini thinking models with a maxTokens: 1 canary (issue 16)', () => {
  const targets = ['gm/gemini-2.5-flash', 'gm/gemini-2.5-pro'];
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 16 });
    ws = makeWorkspace({
      config: { providers: { gm: { type: 'gemini', baseUrl: `${sim.url}/v1beta`, ...common } }, targets },
      shippedCanaries: ['tokens-short.yaml'],
    });
    const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('records answers, not thought-eaten empty candidates, and no schema issue', () => {
    for (const target of targets) {
      const snap = snapshot(ws, target, 'tokens-short');
      expect(snap.probes.shape.schemaIssues, target).toEqual([]);
      for (const s of snap.samples) expect(s.text, target).not.toBe('');
    }
  });

  it('raises no shape finding (nor any other) over two checks', async () => {
    for (let i = 0; i < 2; i++) {
      const result = await check(ws);
      expect(actionable(result), `check ${i}`).toEqual([]);
      expect(result.code).toBe(0);
    }
  });
});

describe('e2e: answers that turn into refusals (issue 16)', () => {
  const targets = ['oa/gpt-4o-mini', 'oar/gpt-4o-mini', 'gm/gemini-2.5-flash'];
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 16 });
    ws = makeWorkspace({
      config: {
        providers: {
          oa: { type: 'openai', baseUrl: `${sim.url}/v1`, ...common },
          oar: { type: 'openai', api: 'responses', baseUrl: `${sim.url}/v1`, ...common },
          gm: { type: 'gemini', baseUrl: `${sim.url}/v1beta`, ...common },
        },
        targets,
        // The old rule (two consecutive scheduled cycles): the first check only suspects.
        evaluation: { confirmAfter: 'off' },
      },
      canaries: {
        'capital.yaml': {
          id: 'capital',
          request: { messages: [{ role: 'user', content: 'What is the capital of France? Answer in one word.' }], params: { temperature: 0, maxTokens: 16 } },
          samples: 2,
          probes: ['shape', 'identity', 'tokens', 'assertions'],
        },
      },
    });
    const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('OpenAI refusals (Chat and Responses) and a Gemini blocked prompt raise assertion.refusal after two cycles, and nothing else', async () => {
    sim.setScenarios(['refusals']);
    const first = await check(ws);
    expect(actionable(first)).toEqual([]);
    const second = await check(ws);
    const found = actionable(second);
    expect(found.map((f) => [f.kind, f.target]).sort()).toEqual(targets.map((t) => ['assertion.refusal', t]).sort());
    expect(second.code).toBe(1);
    for (const f of parseFindings(second)) expect(f.kind).not.toBe('shape.schema_mismatch');
  });
});
