import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { parseFindings, runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { checkInProcess, cloneWorkspace, removeClones } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const API_KEY = 'sk-test-e2e-9f8e7d6c5b4a';
const SHIPPED = ['tokens-short.yaml', 'tokens-medium.yaml', 'tokens-multilingual.yaml', 'json-output.yaml', 'identity.yaml'];
const logprobCanary = {
  id: 'logprob-probe',
  request: { messages: [{ role: 'user', content: 'x' }], params: { temperature: 0, maxTokens: 1, logprobs: true, topLogprobs: 5 } },
  samples: 2,
  probes: ['shape', 'identity', 'tokens'],
};

function workspace(sim: Sim): Workspace {
  return makeWorkspace({
    config: {
      providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 2000, maxRetries: 1 } },
      targets: ['sim/gpt-4o-mini'],
      alerts: { channels: [{ type: 'console' }] },
      // The old rule (two consecutive scheduled cycles); confirm-on-suspicion.spec covers confirmAfter.
      evaluation: { confirmAfter: 'off' },
    },
    shippedCanaries: SHIPPED,
    canaries: { 'logprob-probe.yaml': logprobCanary },
  });
}

const env = { SIM_API_KEY: API_KEY };

describe('e2e: tripline check against the simulator (OpenAI wire format)', () => {
  let sim: Sim;
  /** The shipped token canaries and the logprob probe, baselined once with no scenario; tests copy it. */
  let base: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 42 });
    sim.setScenarios(['none']);
    base = workspace(sim);
    const baseline = await runCli(['baseline', '--config', base.configPath], { env });
    expect(baseline.code, baseline.stderr).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    removeClones();
  });

  it.each([
    ['logprobs-removed', 'shape.field_removed'],
    ['tokenizer-change', 'tokens.input_changed'],
    ['hidden-system-prompt', 'tokens.input_changed'],
    ['model-repointed', 'identity.model_changed'],
    ['field-renamed', 'shape.field_removed'],
  ])('scenario %s is reported as %s after two consecutive cycles, exit 1', async (scenario, kind) => {
    // The baseline of beforeAll (the same one `baseline` would record here), copied. The first check
    // (held back) runs in process; the reporting one runs the built CLI, so exit 1 is the process's.
    const ws = cloneWorkspace(base);
    sim.setScenarios([scenario]);
    const first = await checkInProcess(ws, env, { alerts: true });
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['check', '--json', '--config', ws.configPath], { env });
    const kinds = parseFindings(second).map((f) => f.kind);
    expect(kinds).toContain(kind);
    expect(second.code).toBe(1);
    sim.setScenarios(['none']);
  });

  it('a hidden system prompt seen by every token canary is one finding for the target, accepted target-wide', async () => {
    const ws = cloneWorkspace(base);
    sim.setScenarios(['hidden-system-prompt']);
    try {
      // The checks around the CLI's report and its `baseline --target` run in process.
      await checkInProcess(ws, env, { alerts: true });
      const second = await runCli(['check', '--json', '--config', ws.configPath], { env });
      const changed = parseFindings(second).filter((f) => f.kind === 'tokens.input_changed');
      expect(changed).toHaveLength(1);
      expect(changed[0]!.action).toContain('`tripline baseline --target sim/gpt-4o-mini`');
      const accept = await runCli(['baseline', '--target', 'sim/gpt-4o-mini', '--config', ws.configPath], { env });
      expect(accept.code, accept.stderr).toBe(0);
      for (let i = 0; i < 2; i++) {
        const after = await checkInProcess(ws, env, { alerts: true });
        expect(parseFindings(after).filter((f) => f.kind === 'tokens.input_changed'), `check ${i + 1} after accepting`).toEqual([]);
      }
    } finally {
      sim.setScenarios(['none']);
    }
  }, 60_000);

  it('a canary without a probes list watches the rate limits: halved limits are ratelimit.limit_changed', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 2000, maxRetries: 1 } },
        targets: ['sim/gpt-4o-mini'],
        alerts: { channels: [{ type: 'console' }] },
        evaluation: { confirmAfter: '1s' },
      },
      canaries: { 'plain.yaml': { id: 'plain', request: { messages: [{ role: 'user', content: 'Say OK.' }], params: { temperature: 0, maxTokens: 1 } } } },
    });
    expect((await runCli(['baseline', '--config', ws.configPath], { env })).code).toBe(0);
    sim.setScenarios(['ratelimit-window-changed']);
    try {
      // One check: the suspicion is confirmed by a fresh run 1 s later.
      const check = await runCli(['check', '--json', '--config', ws.configPath], { env });
      expect(parseFindings(check).map((f) => f.kind)).toContain('ratelimit.limit_changed');
      expect(check.code).toBe(1);
    } finally {
      sim.setScenarios(['none']);
    }
  }, 60_000);

  it('check --target T --canary C (each repeatable) runs only those pairs; an unknown one is a usage error', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 2000, maxRetries: 1 } },
        targets: ['sim/gpt-4o-mini', 'sim/gpt-4o'],
        alerts: { channels: [{ type: 'console' }] },
      },
      shippedCanaries: ['tokens-short.yaml', 'tokens-medium.yaml', 'identity.yaml'],
    });
    const pairs = (r: Awaited<ReturnType<typeof runCli>>) => parseFindings(r).map((f) => `${f.target} ${f.canary}`).sort();
    const one = await runCli(['check', '--json', '--target', 'sim/gpt-4o', '--canary', 'tokens-short', '--config', ws.configPath], { env });
    expect(one.code, one.stderr).toBe(0);
    expect(pairs(one)).toEqual(['sim/gpt-4o tokens-short']);
    const two = await runCli(
      ['check', '--json', '--target', 'sim/gpt-4o-mini', '--canary', 'tokens-short', '--canary', 'identity', '--config', ws.configPath],
      { env },
    );
    expect(pairs(two)).toEqual(['sim/gpt-4o-mini identity', 'sim/gpt-4o-mini tokens-short']);
    const typo = await runCli(['check', '--target', 'sim/gpt-4o', '--canary', 'tokens-shrt', '--config', ws.configPath], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--canary tokens-shrt: not scheduled; known: @metadata, identity, tokens-medium, tokens-short');
  }, 60_000);

  it('baseline prints samples that fail an assertion and refuses them (exit 2) unless --accept-anomalies, which lists them in the snapshot', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 2000, maxRetries: 1 } },
        targets: ['sim/gpt-4o-mini'],
        alerts: { channels: [{ type: 'console' }] },
      },
      canaries: {
        'strict.yaml': {
          id: 'strict',
          request: { messages: [{ role: 'user', content: 'Say OK.' }], params: { temperature: 0, maxTokens: 4 } },
          samples: 2,
          assert: [{ type: 'contains', value: 'never-said-by-the-simulator' }],
        },
      },
    });
    const snapshot = join(ws.snapshotsDir, 'sim', 'gpt-4o-mini', 'strict.json');
    const refused = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(refused.code).toBe(2);
    const lines = refused.stderr.split('\n').filter((l) => l.startsWith('anomaly: '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^anomaly: sim\/gpt-4o-mini × strict cycle 1 sample 0: assertion: .*never-said-by-the-simulator.* \[not recorded\]$/);
    expect(refused.stderr).toContain('--accept-anomalies');
    expect(existsSync(snapshot)).toBe(false);

    const accepted = await runCli(['baseline', '--accept-anomalies', '--config', ws.configPath], { env });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain('[recorded (accepted)]');
    const written = JSON.parse(readFileSync(snapshot, 'utf8')) as { acceptedAnomalies?: { sample: number; kind: string }[] };
    expect(written.acceptedAnomalies?.map((a) => [a.sample, a.kind])).toEqual([
      [0, 'assertion'],
      [1, 'assertion'],
    ]);
  }, 60_000);

  it('ten consecutive no-drift checks report no warning or critical finding and exit 0', async () => {
    sim.setScenarios(['none']);
    const ws = cloneWorkspace(base);
    // The first check through the CLI, the other nine in process: the same command on the same state,
    // without nine more Node start-ups (the statistical and tenants specs do the same).
    for (let i = 0; i < 10; i++) {
      const result = i === 0 ? await runCli(['check', '--json', '--config', ws.configPath], { env }) : await checkInProcess(ws, env);
      const actionable = parseFindings(result).filter((f) => f.severity !== 'info');
      expect(actionable, `cycle ${i}`).toEqual([]);
      expect(result.code).toBe(0);
    }
  }, 120_000);

  it('a canary without a baseline gets one recorded (baseline.recorded, info), not an error', async () => {
    sim.setScenarios(['none']);
    const ws = workspace(sim);
    const result = await runCli(['check', '--json', '--config', ws.configPath], { env });
    const findings = parseFindings(result);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.kind))).toEqual(new Set(['baseline.recorded']));
    expect(result.code).toBe(0);
  });

  it('no API key appears in any output, including alerts and logs', async () => {
    const ws = cloneWorkspace(base);
    sim.setScenarios(['hidden-system-prompt']);
    const outputs = [];
    for (let i = 0; i < 2; i++) outputs.push(await runCli(['check', '--config', ws.configPath], { env: { ...env, TRIPLINE_LOG_LEVEL: 'debug' } }));
    sim.setScenarios(['none']);
    for (const o of outputs) {
      expect(o.stdout + o.stderr).not.toContain(API_KEY);
      expect((o.stdout + o.stderr).toLowerCase()).not.toContain('bearer');
    }
  });
});
