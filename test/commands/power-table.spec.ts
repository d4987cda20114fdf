/**
 * `tripline validate`'s power table (README "Reading the power table"): per statistical canary and
 * target, the requests of a quiet cycle with the sequential stop, the smallest effect one cycle
 * decides with power 0.95, and for targets without logprobs the time to a 5% sticky swap.
 */
import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/commands/validate.js';
import { shippedRunsPerDay } from '../support/shipped-canaries.js';
import { makeWorkspace } from '../support/workspace.js';

const ws = makeWorkspace({
  config: {
    providers: {
      oa: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-unused' },
      an: { type: 'anthropic', baseUrl: 'http://127.0.0.1:9', apiKey: 'sk-unused' },
    },
    targets: ['oa/gpt-4o-mini', 'an/claude-haiku'],
  },
  shippedCanaries: 'all',
});
afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

function validateOutput(configPath: string): string[] {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  expect(runValidate({ configPath, out, err: new PassThrough(), env: {} })).toBe(0);
  return chunks.join('').split('\n');
}

function table(configPath = ws.configPath): Map<string, string[]> {
  const lines = validateOutput(configPath);
  const start = lines.findIndex((l) => l.startsWith('Statistical power per canary and target'));
  expect(start, lines.join('\n')).toBeGreaterThan(0);
  expect(lines[start + 1]).toMatch(/^target\s+canary\s+requests\/quiet cycle\s+smallest effect, power 0\.95, one cycle\s+5% sticky swap \(no logprobs\)$/);
  const rows = new Map<string, string[]>();
  for (const l of lines.slice(start + 2)) {
    if (!l.trim()) break;
    const cells = l.split(/\s{2,}/);
    rows.set(`${cells[0]} ${cells[1]}`, cells);
  }
  return rows;
}

const quiet = (cell: string): [number, number] => {
  const m = /^(\d+) of (\d+)$/.exec(cell);
  expect(m, cell).not.toBeNull();
  return [Number(m![1]), Number(m![2])];
};

describe('tripline validate: the power table', () => {
  const rows = table();

  it('has one row per scheduled statistical canary and target, and none for the exact-check canaries', () => {
    for (const canary of ['border-inputs', 'calibration-mcq', 'latency', 'length-implicit-cap', 'length-verbosity', 'logprob-tracking', 'prompt-cache', 'reproducibility-seeded']) {
      expect(rows.has(`oa/gpt-4o-mini ${canary}`), canary).toBe(true);
    }
    expect([...rows.keys()].some((k) => k.includes('tokens-short') || k.includes('identity'))).toBe(false);
    // Not scheduled where they cannot measure (targetsWith.logprobs; no streaming for the client cap).
    expect(rows.has('an/claude-haiku calibration-mcq')).toBe(false);
    expect(rows.has('an/claude-haiku logprob-tracking')).toBe(false);
  });

  it('calibration on a logprob target: a quiet cycle stops well before its 100 requests; effects in jitter SDs, a 5% swap mostly caught', () => {
    const [, , q, effect] = rows.get('oa/gpt-4o-mini calibration-mcq')!;
    const [n, planned] = quiet(q!);
    expect(planned).toBe(100);
    expect(n).toBeGreaterThanOrEqual(30);
    expect(n).toBeLessThanOrEqual(75);
    const m = /^every item moved by ([\d.]+) jitter SD; a 5% sticky swap: decided in (\d+)% of cycles$/.exec(effect!);
    expect(m, effect).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0.5);
    expect(Number(m![1])).toBeLessThan(4);
    expect(Number(m![2])).toBeGreaterThanOrEqual(70);
  });

  it('logprob tracking sends its 10 calls on a quiet cycle (it stops early for a change only)', () => {
    const [n, planned] = quiet(rows.get('oa/gpt-4o-mini logprob-tracking')![2]!);
    expect(planned).toBe(10);
    expect(n).toBe(10);
    expect(rows.get('oa/gpt-4o-mini logprob-tracking')![3]).toMatch(/^every item moved by [\d.]+ jitter SD$/);
  });

  it('border inputs without logprobs: a quiet cycle sends the thin round (under a third of the plan); the share of 5% swaps that reach a prompt and a finite time to detect them', () => {
    const cells = rows.get('an/claude-haiku border-inputs')!;
    const [n, planned] = quiet(cells[2]!);
    expect(planned).toBe(320);
    // 3 answers for each of 20 prompts, plus the screen's suspects and the rare cycle sent whole.
    expect(n).toBeGreaterThanOrEqual(60);
    expect(n).toBeLessThan(planned / 3);
    expect(cells[3]).toMatch(/^first-token split moved by TV 0\.\d\d on every prompt$/);
    const m = /^(\d+)% of swaps reach a prompt; those within ([\d.]+) (h|days) \(≤ (\d+) cycles, TV 0\.5 assumed\)$/.exec(cells[4]!);
    expect(m, cells[4]).not.toBeNull();
    expect(Number(m![1])).toBe(64); // 1 − 0.95^20
    // The swapped prompt, once the screen finds it, gets all 16 answers a cycle: sooner than the
    // 32 cycles the plain plan of 10 answers a prompt took.
    expect(Number(m![4])).toBeGreaterThan(1);
    expect(Number(m![4])).toBeLessThan(20);
    // On a target with logprobs the calibration and logprob canaries carry the swap: no time shown.
    expect(rows.get('oa/gpt-4o-mini border-inputs')![4]).toBe('-');
  });

  it('seeded reproducibility and verbosity stop a quiet cycle early (their rules stop for "no change" only) and state the effect the whole cycle detects', () => {
    const [seedQuiet, seedEffect] = rows.get('oa/gpt-4o-mini reproducibility-seeded')!.slice(2, 4);
    const [seeded, seededPlanned] = quiet(seedQuiet!);
    expect(seededPlanned).toBe(17);
    expect(seeded).toBeGreaterThanOrEqual(8);
    expect(seeded).toBeLessThanOrEqual(12);
    expect(seedEffect).toMatch(/^divergence rate 2% → \d+%$/);
    const [verbose, verbosePlanned] = quiet(rows.get('oa/gpt-4o-mini length-verbosity')![2]!);
    expect(verbosePlanned).toBe(56);
    expect(verbose).toBeGreaterThanOrEqual(16);
    expect(verbose).toBeLessThanOrEqual(45);
    expect(rows.get('oa/gpt-4o-mini length-verbosity')![3]).toMatch(/^mean output length ±\d+% \(CV 0\.5 assumed\)$/);
  });

  it('prompt cache and latency stop a quiet cycle early (their rules stop for "no change" only) and state the rate the whole cycle detects', () => {
    const [cacheQuiet, cacheEffect] = rows.get('an/claude-haiku prompt-cache')!.slice(2, 4);
    const [cached, cachePlanned] = quiet(cacheQuiet!);
    expect(cachePlanned).toBe(20);
    // The write and about eight hits (a pool missing 2% detects a larger rate than one that never missed).
    expect(cached).toBeGreaterThanOrEqual(8);
    expect(cached).toBeLessThanOrEqual(14);
    expect(cacheEffect).toMatch(/^cache miss rate 2% → \d+%$/);
    const [latencyQuiet, latencyEffect] = rows.get('an/claude-haiku latency')!.slice(2, 4);
    const [timed, timedPlanned] = quiet(latencyQuiet!);
    expect(timedPlanned).toBe(40);
    // Looks after 1, 2, 4, 8, 12, 16, … requests (batches up to maxConcurrency 4): most quiet cycles stop at 12 or 16.
    expect(timed).toBeGreaterThanOrEqual(12);
    expect(timed).toBeLessThanOrEqual(24);
    expect(latencyEffect).toMatch(/^requests beyond 2x the p95: 1% → \d+%$/);
  });

  it('the implicit-cap canary sends its one call and is judged exactly', () => {
    expect(rows.get('oa/gpt-4o-mini length-implicit-cap')!.slice(2, 4)).toEqual(['1 of 1', 'any change of the default output cap (exact)']);
  });

  it('the daily load counts each canary at its requests per quiet cycle; max requests/day at what every cycle may send', () => {
    const load = validateOutput(ws.configPath).find((l) => l.startsWith('oa/gpt-4o-mini'))!.split(/\s{2,}/);
    const [requests, max] = [Number(load[3]!.replace(/,/g, '')), Number(load[4]!.replace(/,/g, ''))];
    // The canaries that stop a quiet cycle early, at their shipped schedules: calibration-mcq, the
    // seeded and the verbosity canary, border inputs (scheduled here until a baseline shows
    // logprobs), latency and prompt cache; logprob tracking sends what it plans.
    const stopping = ['calibration-mcq', 'reproducibility-seeded', 'length-verbosity', 'border-inputs', 'latency', 'prompt-cache'];
    const saved = stopping.map((c) => {
      const runs = shippedRunsPerDay(c);
      const [n, planned] = quiet(rows.get(`oa/gpt-4o-mini ${c}`)![2]!);
      expect(n, c).toBeLessThan(planned);
      return runs * (planned - n);
    });
    // The table's cells are rounded to whole requests (half a request per run at most), the load sums the unrounded figures.
    const runsPerDay = stopping.reduce((n, c) => n + shippedRunsPerDay(c), 0);
    expect(Math.abs(max - requests - saved.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(0.5 * runsPerDay);
  });
});

describe('tripline validate: a sameAs member sends its whole canary (its peers judge the whole window)', () => {
  const tenants = makeWorkspace({
    config: {
      providers: {
        oa: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-unused' },
        ob: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-unused-too' },
      },
      targets: ['oa/gpt-4o-mini', 'ob/gpt-4o-mini', 'oa/gpt-4.1-mini'],
      sameAs: { 'gpt-4o-mini': ['oa/gpt-4o-mini', 'ob/gpt-4o-mini'] },
    },
    shippedCanaries: ['calibration-mcq.yaml'],
  });
  afterAll(() => rmSync(tenants.dir, { recursive: true, force: true }));

  it('no early stop for the members in the power table and the load; the target outside the group stops early', () => {
    const rows = table(tenants.configPath);
    expect(rows.get('oa/gpt-4o-mini calibration-mcq')![2]).toBe('100 of 100');
    expect(rows.get('ob/gpt-4o-mini calibration-mcq')![2]).toBe('100 of 100');
    expect(quiet(rows.get('oa/gpt-4.1-mini calibration-mcq')![2]!)[0]).toBeLessThan(100);
    const loadRows = validateOutput(tenants.configPath).filter((l) => /^o[ab]\/gpt-4o-mini /.test(l) && !l.includes('calibration-mcq'));
    const load = loadRows.map((l) => l.split(/\s{2,}/).slice(3, 5));
    expect(load).toEqual([['100', '100'], ['100', '100']]);
  });
});
