import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lengthQuietRequests } from '../../src/commands/power-model.js';
import { startSimulator } from '../../src/simulator/index.js';
import { snapshotPath } from '../../src/snapshots/index.js';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const env = { SIM_KEY: 'sk-test-validate-cost-1f2e3d' };
const TARGET = 'sim/gpt-4o-mini';
/** tokens-short's requests per cycle, from the shipped file (one output token each). */
const SHORT = (parse(readFileSync('canaries/tokens-short.yaml', 'utf8')) as { samples: number }).samples;

interface LoadRow {
  target: string;
  canaries: number;
  measuredCanaries: number;
  requestsPerDay: number;
  plannedRequestsPerDay: number;
  sequentialCanaries: number;
  inputTokensPerDay: number;
  outputTokensPerDay: number;
  inputEstimated: boolean;
  outputUpperBound: boolean;
}

async function validateJson(ws: Workspace): Promise<LoadRow> {
  const r = await runCli(['validate', '--json', '--config', ws.configPath], { env });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const row = (JSON.parse(r.stdout) as { load: LoadRow[] }).load.find((l) => l.target === TARGET);
  if (!row) throw new Error(`no load row for ${TARGET}:\n${r.stdout}`);
  return row;
}

async function validateText(ws: Workspace): Promise<string[]> {
  const r = await runCli(['validate', '--config', ws.configPath], { env });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r.stdout.split('\n').find((l) => l.startsWith(TARGET))?.split(/\s{2,}/) ?? [];
}

/** Mean input and output tokens per sample in the recorded snapshot, read from the file itself. */
function snapshotMeans(ws: Workspace, canary: string): { input: number; output: number } {
  const snap = JSON.parse(readFileSync(snapshotPath(ws.snapshotsDir, TARGET, canary), 'utf8')) as { samples: { usage: { input: number; output: number } }[] };
  const n = snap.samples.length;
  return { input: snap.samples.reduce((a, s) => a + s.usage.input, 0) / n, output: snap.samples.reduce((a, s) => a + s.usage.output, 0) / n };
}

describe('e2e: validate prints the daily cost measured in the baselines, and marks what is still an upper bound', () => {
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 21 });
    ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_KEY}', timeout: 5000, maxRetries: 1 } },
        targets: [TARGET],
        schedule: '0 * * * *',
      },
      // Open-ended answers under a 1,024-token cap: the cap is ten times what they spend.
      shippedCanaries: ['length-verbosity.yaml', 'tokens-short.yaml'],
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  // length-verbosity stops a quiet cycle early (probes/length/sequential.ts): the power table's expected
  // requests of a quiet cycle (α 0.001, 10 warm-up cycles, 4 lanes: the defaults), of 56 planned.
  const verbosityQuiet = lengthQuietRequests(56, 10, 0.001, 4);

  it('before any baseline: input estimated (~), output at the caps (<=, an upper bound)', async () => {
    const row = await validateJson(ws);
    expect(row).toMatchObject({ canaries: 2, measuredCanaries: 0, inputEstimated: true, outputUpperBound: true });
    // length-verbosity daily at its quiet requests x 1,024, tokens-short hourly at SHORT x 1.
    expect(row.outputTokensPerDay).toBeCloseTo(verbosityQuiet * 1024 + 24 * SHORT, 6);
    const text = await validateText(ws);
    // Expected requests at the quiet figure, the most every cycle may send at the plan.
    expect(text.slice(2, 5)).toEqual(['0/2', String(Math.round(verbosityQuiet + 24 * SHORT)), String(56 + 24 * SHORT)]);
    expect(text[5]).toMatch(/^~/);
    expect(text[6]).toBe(`<=${Math.round(verbosityQuiet * 1024 + 24 * SHORT).toLocaleString('en-US')}`);
  });

  it('after a baseline: the snapshots\' mean usage x requests x runs per day, unmarked', async () => {
    const baseline = await runCli(['baseline', '--cycles', '2', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
    const verbosity = snapshotMeans(ws, 'length-verbosity');
    const short = snapshotMeans(ws, 'tokens-short');
    const row = await validateJson(ws);
    expect(row).toMatchObject({ canaries: 2, measuredCanaries: 2, inputEstimated: false, outputUpperBound: false });
    expect(row.requestsPerDay).toBeCloseTo(verbosityQuiet + 24 * SHORT, 6);
    expect(row.inputTokensPerDay).toBeCloseTo(verbosityQuiet * verbosity.input + 24 * SHORT * short.input, 6);
    expect(row.outputTokensPerDay).toBeCloseTo(verbosityQuiet * verbosity.output + 24 * SHORT * short.output, 6);
    expect(row.outputTokensPerDay).toBeLessThan(56 * 1024 / 2);
    const text = await validateText(ws);
    expect(text.slice(2)).toEqual([
      '2/2',
      String(Math.round(verbosityQuiet + 24 * SHORT)),
      String(56 + 24 * SHORT),
      Math.round(row.inputTokensPerDay).toLocaleString('en-US'),
      Math.round(row.outputTokensPerDay).toLocaleString('en-US'),
      '-',
    ]);
  });
});

describe('e2e: validate costs a canary with a sequential stop at the requests of a quiet cycle, not at its plan', () => {
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 22 });
    ws = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_KEY}', timeout: 5000, maxRetries: 1 } },
        targets: [TARGET],
      },
      shippedCanaries: ['calibration-mcq.yaml'],
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('requests/day is the power table\'s requests per quiet cycle x runs; max requests/day the 100 planned; tokens at the quiet figure', async () => {
    const baseline = await runCli(['baseline', '--cycles', '1', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
    const r = await runCli(['validate', '--config', ws.configPath], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const power = r.stdout.split('\n').find((l) => l.startsWith(TARGET) && l.includes('calibration-mcq'))!.split(/\s{2,}/);
    const m = /^(\d+) of 100$/.exec(power[2]!);
    expect(m, power.join(' | ')).not.toBeNull();
    const row = await validateJson(ws);
    // Daily: one cycle a day. The table prints the expected count rounded.
    expect(Math.round(row.requestsPerDay)).toBe(Number(m![1]));
    expect(row.requestsPerDay).toBeLessThan(75);
    expect(row).toMatchObject({ plannedRequestsPerDay: 100, sequentialCanaries: 1, measuredCanaries: 1, outputUpperBound: false });
    const usage = snapshotMeans(ws, 'calibration-mcq');
    expect(row.inputTokensPerDay).toBeCloseTo(row.requestsPerDay * usage.input, 6);
    expect(row.outputTokensPerDay).toBeCloseTo(row.requestsPerDay * usage.output, 6);
    const text = await validateText(ws);
    expect(text.slice(2, 5)).toEqual(['1/1', String(Math.round(row.requestsPerDay)), '100']);
  });
});
