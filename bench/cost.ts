/**
 * Cost benchmark (not part of npm test): what the shipped suite really spends per model and day.
 * The shipped canaries (canaries/*.yaml) with tripline.example.yaml's targets, providers' types,
 * schedule and evaluation run against the simulator through the real CLI: `baseline --cycles N`,
 * then `check` C times (quiet cycles); the requests and tokens each run spent are read from the
 * state's run log, averaged per run and multiplied by the runs per day of each canary's schedule
 * (a check runs every pair once, whatever its schedule); the run log counts billed tokens
 * (src/domain/billing.ts: Anthropic's cache reads and writes, which its usage reports apart from
 * input_tokens, and thoughts reported apart, included). Pairs a target does not schedule (see
 * src/runtime/engine/applicability.ts) have no runs and cost nothing. Prints a table per target,
 * `validate`'s figure from the same snapshots beside it, and a summary against the 30k goal.
 *
 *   node dist/bench/cost.js [baselineCycles=10] [checks=12]
 *
 * baselineCycles must reach `evaluation.warmupCycles` (10 by default): a check before that is a
 * warm-up cycle, which sends everything to grow the pool, not a quiet cycle. Twelve checks let the
 * border-input screen (probes/behavior/sequential.ts) reach its steady state.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parse, stringify } from 'yaml';
import { cronRunsPerDay } from '../src/domain/cron.js';
import { startNode, waitForOutput } from './support/processes.js';

const [baselineCycles = 10, checks = 12] = process.argv.slice(2, 4).map(Number);
/** Tokens per model and day the shipped suite should stay under (issue 17). */
const GOAL = 30_000;
/** The repository: this file runs from dist/bench/. */
const repo = fileURLToPath(new URL('../../', import.meta.url));

interface Example {
  providers: Record<string, { type: string }>;
  targets: string[];
  schedule: string;
  timezone?: string;
  evaluation?: Record<string, unknown>;
}
const example = parse(readFileSync(join(repo, 'tripline.example.yaml'), 'utf8')) as Example;

/** Base URL of the simulator for each wire format (src/simulator/README.md). */
function simBase(type: string, sim: string): string {
  if (type === 'gemini') return `${sim}/v1beta`;
  if (type === 'anthropic' || type === 'azure-openai') return sim;
  return `${sim}/v1`;
}

const dir = mkdtempSync(join(tmpdir(), 'tripline-cost-'));
cpSync(join(repo, 'canaries'), join(dir, 'canaries'), { recursive: true, filter: (src) => !src.includes('real-model') });
const sim = startNode('src/simulator/main.js', ['--port', '0', '--seed', '5']);
try {
  const simUrl = await waitForOutput(sim, /listening on (http:\/\/\S+)/);
  const providers = Object.fromEntries(
    Object.entries(example.providers).map(([name, p]) => [name, { type: p.type, baseUrl: simBase(p.type, simUrl), apiKey: 'sk-bench-000000', minHeadroom: 0 }]),
  );
  const config = {
    providers,
    targets: example.targets,
    canaries: './canaries',
    snapshots: './snapshots',
    stateDir: './state',
    schedule: example.schedule,
    ...(example.evaluation ? { evaluation: example.evaluation } : {}),
    logging: { level: 'warn' },
    alerts: { channels: [{ type: 'console', minSeverity: 'critical' }] },
  };
  writeFileSync(join(dir, 'tripline.yaml'), stringify(config));
  // The simulator's 2% divergence at temperature 0 can break a JSON answer; that is the provider's noise, not cost.
  await cli(['baseline', '--cycles', String(baselineCycles), '--accept-anomalies']);
  const checkFrom = new Date().toISOString();
  for (let i = 0; i < checks; i++) await cli(['check']);
  const validate = JSON.parse(await cli(['validate', '--json'])) as { load: { target: string; requestsPerDay: number; inputTokensPerDay: number; outputTokensPerDay: number }[] };

  const db = new Database(join(dir, 'state', 'tripline.db'), { readonly: true });
  const rows = db
    .prepare(
      `SELECT target, canary, COUNT(*) AS runs, SUM(requests) AS requests, SUM(input_tokens) AS input, SUM(output_tokens) AS output
       FROM runs WHERE started_at >= ? GROUP BY target, canary ORDER BY target, canary`,
    )
    .all(checkFrom) as { target: string; canary: string; runs: number; requests: number; input: number; output: number }[];
  db.close();
  const schedules = new Map<string, string>();
  for (const file of readdirSync(join(dir, 'canaries')).filter((f) => /\.ya?ml$/.test(f))) {
    const c = parse(readFileSync(join(dir, 'canaries', file), 'utf8')) as { id: string; schedule?: string };
    schedules.set(c.id, c.schedule ?? example.schedule);
  }
  const summary: string[] = [];
  for (const target of example.targets) {
    process.stdout.write(`\n#### ${target}\n\n| Canary | Schedule | Runs / day | Requests / cycle | Tokens / cycle (in / out) | Tokens / day (in / out) |\n| --- | --- | --- | --- | --- | --- |\n`);
    let requests = 0;
    let input = 0;
    let output = 0;
    for (const r of rows.filter((row) => row.target === target)) {
      const schedule = schedules.get(r.canary) ?? example.schedule;
      const perDay = cronRunsPerDay(schedule);
      const q = r.requests / r.runs;
      const i = r.input / r.runs;
      const o = r.output / r.runs;
      requests += q * perDay;
      input += i * perDay;
      output += o * perDay;
      process.stdout.write(`| ${r.canary} | \`${schedule}\` | ${perDay < 1 ? perDay.toFixed(2) : fmt(perDay)} | ${fmt(q)} | ${fmt(i)} / ${fmt(o)} | ${fmt(i * perDay)} / ${fmt(o * perDay)} |\n`);
    }
    const est = validate.load.find((l) => l.target === target);
    process.stdout.write(`| **total, measured** | | | ${fmt(requests)} / day | | **${fmt(input)} / ${fmt(output)} = ${fmt(input + output)}** |\n`);
    if (est) process.stdout.write(`| validate (from the snapshots) | | | ${fmt(est.requestsPerDay)} / day | | ${fmt(est.inputTokensPerDay)} / ${fmt(est.outputTokensPerDay)} |\n`);
    summary.push(`| ${target} | ${fmt(requests)} | ${fmt(input)} | ${fmt(output)} | ${fmt(input + output)} | ${input + output <= GOAL ? 'yes' : 'no'} |`);
  }
  process.stdout.write(`\n#### Per model and day (goal: at most ${fmt(GOAL)} tokens)\n\n| Target | Requests | Input tokens | Output tokens | Tokens | ≤ goal |\n| --- | --- | --- | --- | --- | --- |\n${summary.join('\n')}\n`);
} finally {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Runs the built CLI in the workspace; resolves with its stdout (a failure throws with everything it printed). */
async function cli(args: string[]): Promise<string> {
  const child = startNode('src/cli.js', [...args, '--config', join(dir, 'tripline.yaml')], { cwd: dir });
  let stdout = '';
  child.proc.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.proc.once('close', resolve));
  // check exits 1 when it reports a finding; the cost is measured all the same.
  if (code !== 0 && !(args[0] === 'check' && code === 1)) throw new Error(`tripline ${args.join(' ')} exited ${String(code)}:\n${child.output()}`);
  return stdout;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
