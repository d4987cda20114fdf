/**
 * Issue 20, items 1-2 end to end: the shipped prompt-cache and latency canaries against the simulator
 * (OpenAI wire format, which reports `cached_tokens` and `openai-processing-ms`). The simulator's quiet
 * state has natural cache evictions (5% of reuses) and heavy-tailed processing times (lognormal body,
 * a Pareto tail on 3% of requests, a ±25% time-of-day swing). One `baseline --cycles 10` is shared.
 * Confirmation is the shipped confirm-on-suspicion (re-run after `confirmAfter`, here 1 s), so a
 * scenario is usually reported by the first check; the bound is 3. Quiet checks stop early for
 * "no change" (docs/statistics.md#quiet-stops): requests are counted at the simulator.
 *
 * | scenario           | finding                 | within |
 * | ------------------ | ----------------------- | ------ |
 * | cache-off          | cache.hit_rate_dropped  | 3      |
 * | cache-half-evicted | cache.hit_rate_dropped  | 3      |
 * | latency-tripled    | latency.shift (median)  | 3      |
 * | latency-p95-tail   | latency.shift (p95)     | 3      |
 */
import { rmSync } from 'node:fs';
import { cronRunsPerDay } from '../../src/domain/cron.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { shippedCanary, shippedRunsPerDay } from '../support/shipped-canaries.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { actionable, checkInProcess, cloneWorkspace, findingsOf, readSnapshotJson, removeClones, type FindingJson } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const TARGET = 'sim/gpt-4o-mini';
const CANARIES = ['prompt-cache.yaml', 'latency.yaml'];
const env = { SIM_API_KEY: 'sk-test-e2e-cache-latency' };
const check = (ws: Workspace) => runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env });

describe('e2e: prompt cache and latency through `tripline check --json` (simulator, OpenAI wire format)', () => {
  let sim: Sim;
  let base: Workspace;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 2020 });
    base = makeWorkspace({
      config: {
        providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 10_000, maxRetries: 1 } },
        targets: [TARGET],
        alerts: { channels: [{ type: 'console' }] },
        // The shipped rule (a suspicious cycle is re-run with fresh requests and confirmed in the same
        // check), with a short wait instead of 60 s.
        evaluation: { confirmAfter: '1s' },
      },
      shippedCanaries: CANARIES,
    });
    const result = await runCli(['baseline', '--cycles', '10', '--config', base.configPath], { env, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
  }, 150_000);

  afterAll(async () => {
    await sim.close();
    removeClones();
    rmSync(base.dir, { recursive: true, force: true });
  });

  it('the baseline pools cached tokens and server timing, and measures each probe\'s A/A false-alarm rate', () => {
    const snapshot = readSnapshotJson(base, TARGET, 'prompt-cache');
    const cache = snapshot.probes.cache!;
    // A 1,024-token minimum (OpenAI): the table's first rows that clear it, not the whole ~4,800-token table.
    const inputs = (snapshot.samples as { usage: { input: number } }[]).map((s) => s.usage.input);
    expect(Math.min(...inputs)).toBeGreaterThan(1024);
    expect(Math.max(...inputs)).toBeLessThan(2000);
    expect(cache).toMatchObject({ expected: 190, fields: ['usage.prompt_tokens_details.cached_tokens'] });
    // Natural evictions: not every expected hit is one.
    expect(cache.hitRate as number).toBeGreaterThan(0.8);
    expect(cache.hitRate as number).toBeLessThan(1);
    expect(cache.aaWindows as number).toBeGreaterThanOrEqual(5);
    expect(cache.aaFalseAlarmRate as number).toBeLessThanOrEqual(0.002);
    const latency = readSnapshotJson(base, TARGET, 'latency').probes.latency!;
    expect(latency).toMatchObject({ basis: 'server', serverHeader: 'openai-processing-ms' });
    expect(latency.aaFalseAlarmRate as number).toBeLessThanOrEqual(0.002);
  });

  it('30 quiet cycles (natural evictions, heavy-tailed latency) report nothing, and stop early for "no change": about half of their 60 requests', async () => {
    sim.setScenarios(['none']);
    const ws = cloneWorkspace(base);
    const spent: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = sim.generations();
      const result = i === 0 ? await check(ws) : await checkInProcess(ws, env);
      spent.push(sim.generations() - before);
      expect(actionable(findingsOf(result)), `cycle ${i + 1}`).toEqual([]);
      expect(result.code, `cycle ${i + 1}: ${result.stderr}`).toBe(0);
    }
    // 20 prompt-cache and 40 latency requests planned; the quiet stops send about 10 and 18 (bench/detection-service.ts).
    expect(spent.reduce((a, b) => a + b, 0) / spent.length).toBeLessThan(0.6 * 60);
  }, 240_000);

  it.each([
    ['cache-off', 'prompt-cache:cache.hit_rate_dropped', 'hit_rate'],
    ['cache-half-evicted', 'prompt-cache:cache.hit_rate_dropped', 'hit_rate'],
    ['latency-tripled', 'latency:latency.shift', 'total.median'],
    ['latency-p95-tail', 'latency:latency.shift', 'total.p95'],
  ])('%s is reported within 3 cycles as %s (%s)', async (scenario, expected, subject) => {
    const ws = cloneWorkspace(base);
    sim.setScenarios([scenario]);
    try {
      let found: FindingJson | undefined;
      for (let cycle = 1; cycle <= 3 && !found; cycle++) {
        const result = cycle === 3 ? await check(ws) : await checkInProcess(ws, env);
        const findings = findingsOf(result);
        expect(actionable(findings).filter((k) => k !== expected), `cycle ${cycle}`).toEqual([]);
        found = findings.find((f) => `${f.canary}:${f.kind}` === expected);
        if (found) expect(result.code).toBe(1);
      }
      expect(found, `${expected} within 3 cycles`).toBeDefined();
      expect(found!.subject).toBe(subject);
      expect(found!.evidence).toMatchObject({ nominalAlpha: 0.001, aaWindows: expect.any(Number) });
    } finally {
      sim.setScenarios(['none']);
    }
  }, 150_000);
});

describe('e2e: `tripline validate` counts the token cost of the prompt-cache and latency canaries', () => {
  const row = async (shipped: string[]): Promise<string[]> => {
    const ws = makeWorkspace({
      config: {
        providers: { p: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-unused', budget: { inputPricePerMTok: 0.15, outputPricePerMTok: 0.6 } } },
        targets: ['p/gpt-4o-mini'],
      },
      shippedCanaries: shipped,
    });
    try {
      const result = await runCli(['validate', '--config', ws.configPath]);
      expect(result.code, result.stderr).toBe(0);
      const line = result.stdout.split('\n').find((l) => l.startsWith('p/gpt-4o-mini'));
      expect(line, result.stdout).toBeDefined();
      return line!.trim().split(/\s{2,}/);
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
    }
  };
  const perRequest = (id: string): number => {
    const canary = shippedCanary(id);
    return Math.ceil(((canary.request.system ?? '').length + canary.request.messages.reduce((n, m) => n + m.content.length, 0)) / 4);
  };

  it('prompt-cache: 20 requests on the first Monday of each month (a quiet run stops after about half), before a baseline the whole ~4,000-token table each time (at list price), and a cost', async () => {
    const [, canaries, , requests, maxRequests, input, output, cost] = await row(['prompt-cache.yaml']);
    // Monthly: 20 requests on the twelve first Mondays of a year, per day (about 20 × 12 / 365); a quiet run sends about 10 of them.
    expect(shippedCanary('prompt-cache').schedule).toBe('29 5 1-7 * 1');
    const perDay = 20 * cronRunsPerDay('29 5 1-7 * 1');
    expect(perDay).toBeCloseTo((20 * 12) / 365, 1);
    expect([canaries, maxRequests]).toEqual(['1', String(Math.round(perDay))]);
    // Rounded to whole requests a day: about a third of one.
    expect(Number(requests)).toBeLessThan(Number(maxRequests));
    // Four output tokens a request at most, booked at the quiet run's requests.
    expect(output).toMatch(/^<=\d+$/);
    expect(Number(output!.slice(2))).toBeLessThan(4 * perDay);
    expect(perRequest('prompt-cache')).toBeGreaterThan(4000);
    const tokens = Number(input!.replace(/[^0-9]/g, ''));
    expect(tokens).toBeLessThan(0.6 * perDay * perRequest('prompt-cache'));
    expect(tokens).toBeGreaterThan(0.4 * perDay * perRequest('prompt-cache'));
    expect(Number(cost!.replace(/[^0-9.]/g, ''))).toBeGreaterThan(0);
  });

  it('latency: 40 requests twice a day at most; a quiet run stops after about 20', async () => {
    const [, canaries, , requests, maxRequests, input] = await row(['latency.yaml']);
    expect(shippedRunsPerDay('latency')).toBe(2);
    expect([canaries, maxRequests]).toEqual(['1', '80']);
    expect(Number(requests)).toBeGreaterThanOrEqual(2 * 12);
    expect(Number(requests)).toBeLessThanOrEqual(2 * 24);
    expect(Math.abs(Number(input!.replace(/[^0-9]/g, '')) - Number(requests) * perRequest('latency'))).toBeLessThanOrEqual(perRequest('latency'));
  });
});
