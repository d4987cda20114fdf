/**
 * Tenant-divergence benchmark (issue 20, item 6): two API keys of one model in a sameAs group.
 * Power: the simulator's `tenant-repointed` scenario serves tenant-b a finetune under the same id
 * and fingerprint from cycle 1; cycles until tripline reports `identity.tenant_divergence`, and
 * whether it names tenant-b. False alarms: both tenants on the same model for many rounds, each
 * member counted as if it reported every divergence it sees (an upper bound: the runtime reports an
 * unexplained pair once). Writes bench/results/tenants.md after every checkpoint (so a run stopped
 * early keeps what it measured): `node dist/bench/tenants.js [rounds per pool]`. Several processes
 * can share the pools (`--pools 2-3 --part b --skip-trials`): each part keeps its counts in
 * bench/results/tenants-parts/<part>.json and the table sums every part there.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getProbe } from '../src/probes/registry.js';
import { openStateStore } from '../src/runtime/state/store.js';
import { hash32 } from '../src/simulator/rng.js';
import { loadCanary } from './detection/sim-cycle.js';
import { collectPool, EVALUATION } from './detection/stream.js';
import { TenantGroup } from './detection/tenant-group.js';

interface TenantJob {
  canary: string;
  /** The canary's statistical probe (the members' own history). */
  probe: 'logprobs' | 'length';
  pools: number;
  trialsPerPool: number;
  maxCycles: number;
  /** No-drift rounds per pool (two stream-cycles each). */
  faRounds: number;
}

const args = parseArgs({
  allowPositionals: true,
  options: { pools: { type: 'string' }, part: { type: 'string' }, 'skip-trials': { type: 'boolean' } },
});
const faRounds = Number(args.positionals[0] ?? 3750);
/** 4 pools x 3,750 rounds x 2 tenants = 30,000 no-drift stream-cycles: enough to bound the alert rate at 1e-4 directly. */
const JOBS: TenantJob[] = [{ canary: 'logprob-tracking', probe: 'logprobs', pools: 4, trialsPerPool: 10, maxCycles: 4, faRounds }];
/** No-drift rounds between two writes of the results file. */
const CHECKPOINT_ROUNDS = 250;

/** One-sided 95% upper bound of a Poisson count (Wilson-Hilferty; exact 3.0 at zero). */
function upper95(k: number): number {
  if (k === 0) return 3;
  const a = k + 1;
  return a * (1 - 1 / (9 * a) + 1.645 / (3 * Math.sqrt(a))) ** 3;
}

interface Result {
  job: TenantJob;
  trials: number;
  detectedAt: (number | null)[];
  namedMoved: number;
  wronglyNamed: number;
  streamCycles: number;
  candidates: number;
  confirmed: number;
  calls: number;
  input: number;
  output: number;
  seconds: number;
}

async function run(job: TenantJob, from: number, to: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-tenants-'));
  const store = await openStateStore(dir);
  const canary = loadCanary(job.canary);
  const probe = getProbe(job.probe)!;
  const r: Result = { job, trials: 0, detectedAt: [], namedMoved: 0, wronglyNamed: 0, streamCycles: 0, candidates: 0, confirmed: 0, calls: 0, input: 0, output: 0, seconds: 0 };
  for (let p = from; p <= to; p++) {
    const model = `sim-tenants-${job.canary}-${p}`;
    const pools = [await collectPool(canary, probe, model, hash32('tenants', 'pool-a', p)), await collectPool(canary, probe, model, hash32('tenants', 'pool-b', p))] as const;
    for (let t = 0; t < (args.values['skip-trials'] ? 0 : job.trialsPerPool); t++) {
      const group = new TenantGroup(store.db, canary, probe, [...pools], [hash32('tenants', 'trial-a', p, t), hash32('tenants', 'trial-b', p, t)], true);
      await group.step(); // the round before: both windows on the same model
      group.sim(1).setScenarios(['tenant-repointed'], { tenant: 'tenant-b' });
      let detected: number | null = null;
      for (let c = 1; c <= job.maxCycles && detected === null; c++) {
        const reports = (await group.step()).flatMap((m) => (m.confirmed ? [m.confirmed] : []));
        if (reports.length === 0) continue;
        detected = c;
        if (reports.every((f) => f.evidence['moved'] === group.target(1))) r.namedMoved++;
        else r.wronglyNamed++;
      }
      r.trials++;
      r.detectedAt.push(detected);
    }
    const quiet = new TenantGroup(store.db, canary, probe, [...pools], [hash32('tenants', 'fa-a', p), hash32('tenants', 'fa-b', p)], false);
    for (let c = 0; c < job.faRounds; c++) {
      if (c > 0 && c % CHECKPOINT_ROUNDS === 0) checkpoint([{ ...r, seconds: cpuSeconds() }]);
      for (const m of await quiet.step()) {
        r.streamCycles++;
        r.candidates += m.candidate ? 1 : 0;
        r.confirmed += m.confirmed ? 1 : 0;
        [r.calls, r.input, r.output] = [r.calls + m.calls, r.input + m.inputTokens, r.output + m.outputTokens];
      }
    }
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  r.seconds = cpuSeconds();
  return r;
}

/** CPU time of this process (user + system), in seconds. */
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const sci = (x: number): string => (x === 0 ? '0' : x.toExponential(1));
const quantile = (s: readonly number[], q: number): number => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;

function markdown(results: readonly Result[]): string {
  const out = [
    '### Tenant divergence (`sameAs`, two API keys of one model; `evaluation` defaults: α = 0.001, 2 consecutive cycles)',
    '',
    '| Scenario | Canary (probes compared) | Calls / cycle per tenant | Tokens / cycle per tenant (in / out) | Power within 2 / 3 cycles | Cycles to detect (median / p95) | Moved tenant named | Trials |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const cycles = r.detectedAt.map((d) => d ?? Infinity).sort((a, b) => a - b);
    const within = (k: number): string => (r.detectedAt.filter((d) => d !== null && d <= k).length / r.trials).toFixed(2);
    const cyc = (c: number): string => (Number.isFinite(c) ? String(c) : `>${r.job.maxCycles}`);
    const perCycle = (n: number): string => Math.round(n / r.streamCycles).toLocaleString('en-US');
    out.push(`| tenant-repointed | ${r.job.canary} (identity, tokens, ${r.job.probe}) | ${perCycle(r.calls)} | ${perCycle(r.input)} / ${perCycle(r.output)} | ${within(2)} / ${within(3)} | ${cyc(quantile(cycles, 0.5))} / ${cyc(quantile(cycles, 0.95))} | ${r.namedMoved} of ${r.namedMoved + r.wronglyNamed} detected (tenant-b) | ${r.trials} |`);
  }
  out.push(
    '',
    '| Canary | Stream-cycles (tenant × cycle) | Cross-tenant test fired | Alerts after persistence (every member reporting) | 95% upper bound, direct | Estimate with persistence (per-cycle bound²) | Target ≤ 1e-4 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of results) {
    const bound = upper95(r.confirmed) / r.streamCycles;
    const estimate = (upper95(r.candidates) / r.streamCycles) ** 2;
    const ok = bound <= 1e-4 ? 'yes (direct)' : estimate <= 1e-4 ? 'yes (estimate)' : 'not shown';
    out.push(`| ${r.job.canary} | ${r.streamCycles.toLocaleString('en-US')} | ${r.candidates} (${sci(r.candidates / r.streamCycles)}) | ${r.confirmed} | ${sci(bound)} | ${sci(estimate)} | ${ok} |`);
  }
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  out.push('', `Each tenant's no-drift cycle is compared with the other tenant's latest window through the runtime's own comparison (src/runtime/engine/tenants) and persistence (${EVALUATION.confirmCycles} cycles); drift trials also judge each tenant against its own pool to name the one that moved. CPU time ${(seconds / 60).toFixed(1)} min.`, '');
  return out.join('\n');
}

const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));

const partsDir = `${dir}tenants-parts/`;

/** Every part's counts summed per canary (a part is one process's share of the pools). */
function merged(): Result[] {
  const byCanary = new Map<string, Result>();
  const files = existsSync(partsDir) ? readdirSync(partsDir).filter((f) => f.endsWith('.json')).sort() : [];
  for (const file of files) {
    for (const r of JSON.parse(readFileSync(`${partsDir}${file}`, 'utf8')) as Result[]) {
      const a = byCanary.get(r.job.canary);
      if (!a) {
        byCanary.set(r.job.canary, { ...r, detectedAt: [...r.detectedAt] });
        continue;
      }
      a.detectedAt.push(...r.detectedAt);
      for (const k of ['trials', 'namedMoved', 'wronglyNamed', 'streamCycles', 'candidates', 'confirmed', 'calls', 'input', 'output', 'seconds'] as const) a[k] += r[k];
    }
  }
  return [...byCanary.values()];
}

/** Writes what has been measured so far (the run's figures so far, CPU time included). */
function checkpoint(results: readonly Result[]): string {
  mkdirSync(dir, { recursive: true });
  const part = args.values.part;
  if (part !== undefined) {
    mkdirSync(partsDir, { recursive: true });
    writeFileSync(`${partsDir}${part}.json`, `${JSON.stringify(results)}\n`);
  }
  const text = markdown(part === undefined ? results : merged());
  writeFileSync(`${dir}tenants.md`, text);
  return text;
}

const [from, to] = (args.values.pools ?? `0-${JOBS[0]!.pools - 1}`).split('-').map(Number) as [number, number];
const results: Result[] = [];
for (const job of JOBS) results.push(await run(job, from, to));
process.stdout.write(checkpoint(results));
