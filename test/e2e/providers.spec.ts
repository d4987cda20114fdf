import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { parseFindings, runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { checkInProcess } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const SHIPPED = ['tokens-short.yaml', 'tokens-multilingual.yaml', 'identity.yaml', 'json-output.yaml'];
const TARGETS = {
  openai: 'oa/gpt-4o-mini',
  anthropic: 'an/claude-sonnet-4-5',
  gemini: 'gm/gemini-2.5-flash',
  compat: 'compat/llama-3.1-8b',
  azure: 'az/gpt-4o-mini',
} as const;
const env = { SIM_KEY: 'sk-test-providers-0a1b2c3d' };

/** One config, five providers: the three wire formats, an OpenAI-compatible server and Azure. */
function workspace(sim: Sim): Workspace {
  const common = { apiKey: '${SIM_KEY}', timeout: 5000, maxRetries: 1 };
  return makeWorkspace({
    config: {
      providers: {
        oa: { type: 'openai', baseUrl: `${sim.url}/v1`, ...common },
        an: { type: 'anthropic', baseUrl: sim.url, ...common },
        gm: { type: 'gemini', baseUrl: `${sim.url}/v1beta`, ...common },
        compat: { type: 'openai-compatible', baseUrl: `${sim.url}/v1`, ...common },
        az: { type: 'azure-openai', baseUrl: sim.url, apiVersion: '2024-10-21', deployments: { 'gpt-4o-mini': 'mini-prod' }, ...common },
      },
      targets: Object.values(TARGETS),
      // The old rule (two consecutive scheduled cycles): these specs run two checks per scenario.
      evaluation: { confirmAfter: 'off' },
    },
    shippedCanaries: SHIPPED,
  });
}

/** A finding of `check --json`, with the fields these tests read. */
interface Reported {
  kind: string;
  severity: string;
  target: string;
  subject?: string;
  action?: string;
  evidence: Record<string, unknown>;
}

/** `check --json` output (parseFindings throws with the CLI's output when it is not JSON). */
function reported(result: CliResult): Reported[] {
  parseFindings(result);
  return JSON.parse(result.stdout) as Reported[];
}

/**
 * `check --json --no-alerts` through the built CLI, or (spawned: false) the same runCheck in this
 * process: the first no-drift check and each scenario's reporting (second) check spawn the CLI, the
 * other checks run in process, without a Node start and a load of dist/ each.
 */
const check = (ws: Workspace, spawned = true): Promise<CliResult> =>
  spawned ? runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env }) : checkInProcess(ws, env);

/** Warning and critical findings of one check, as `kind target` strings. */
function actionable(result: CliResult): { kind: string; target: string }[] {
  return parseFindings(result)
    .filter((f) => f.severity !== 'info')
    .map((f) => ({ kind: f.kind, target: f.target }));
}

describe('e2e: the shipped canaries on every provider type (issue 3)', () => {
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7 });
    ws = workspace(sim);
    const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('the baseline holds every shipped canary on every target, plus metadata where the provider has side endpoints', () => {
    for (const target of Object.values(TARGETS)) {
      for (const file of SHIPPED) expect(existsSync(join(ws.snapshotsDir, target, file.replace('.yaml', '.json'))), `${target} ${file}`).toBe(true);
    }
    const withSide: string[] = [TARGETS.openai, TARGETS.anthropic, TARGETS.gemini];
    for (const target of Object.values(TARGETS)) {
      expect(existsSync(join(ws.snapshotsDir, target, '_metadata.json')), target).toBe(withSide.includes(target));
    }
  });

  it('three no-drift checks report nothing actionable on any of the five targets', async () => {
    sim.setScenarios(['none']);
    for (let i = 0; i < 3; i++) {
      const result = await check(ws, i === 0);
      expect(actionable(result), `cycle ${i}`).toEqual([]);
      expect(result.code).toBe(0);
    }
  });

  // Default confirmCycles (2): two checks per scenario; neither may raise a kind outside `kinds`,
  // and the second must raise one of them on each of `targets`.
  it.each([
    ['ratelimit-window-changed', ['ratelimit.limit_changed'], [TARGETS.openai, TARGETS.anthropic, TARGETS.compat], 1],
    ['status-body-mismatch-429', ['availability.status_body_mismatch'], Object.values(TARGETS), 2],
    ['error-in-200', ['availability.status_body_mismatch'], Object.values(TARGETS), 2],
    ['metadata-default-changed', ['defaults.changed', 'tokens.output_cap_changed'], [TARGETS.gemini, TARGETS.anthropic], 1],
    ['gemini-retirement', ['deprecation.announced'], [TARGETS.gemini], 1],
  ])('scenario %s raises %j and no other kind', async (scenario, kinds, targets, exit) => {
    sim.setScenarios([scenario]);
    try {
      let last: CliResult | undefined;
      for (let i = 0; i < 2; i++) {
        last = await check(ws, i === 1);
        for (const f of actionable(last)) expect(kinds, `check ${i}: ${JSON.stringify(f)}`).toContain(f.kind);
      }
      const found = actionable(last!);
      for (const target of targets) expect(found.map((f) => f.target), `${target} in ${JSON.stringify(found)}`).toContain(target);
      expect(last?.code).toBe(exit);
    } finally {
      sim.setScenarios(['none']);
    }
  });

  it('the Gemini retirement is one deprecation.announced for the target, with stage and date', async () => {
    sim.setScenarios(['gemini-retirement'], { retirementTime: '2027-06-30T00:00:00Z' });
    try {
      const findings = reported(await check(ws));
      const announced = findings.filter((f) => f.kind === 'deprecation.announced');
      expect(announced).toHaveLength(1);
      expect(announced[0]).toMatchObject({ target: TARGETS.gemini, subject: 'modelStatus:DEPRECATED' });
      expect(announced[0]?.evidence['after']).toMatchObject({ stage: 'DEPRECATED', retirementTime: '2027-06-30T00:00:00Z' });
    } finally {
      sim.setScenarios(['none']);
    }
  });
});

describe('e2e: a provider that no longer knows the model (404 model_not_found)', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'req_gone' });
      res.end(
        JSON.stringify({
          error: { message: 'The model `gpt-3.5-turbo-0301` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('is availability.error with the deprecation hint, exit 2, never drift', async () => {
    const port = (server.address() as AddressInfo).port;
    const ws = makeWorkspace({
      config: {
        providers: { p: { type: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-x', timeout: 1000, maxRetries: 1 } },
        targets: ['p/gpt-3.5-turbo-0301'],
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
    const result = await runCli(['check', '--json', '--no-alerts', '--config', ws.configPath]);
    const findings = reported(result);
    expect(findings.map((f) => f.kind)).toEqual(['availability.error']);
    expect(findings[0]?.subject).toBe('model_not_found');
    expect(findings[0]?.action).toMatch(/deprecations/);
    expect(result.code).toBe(2);
  });
});
