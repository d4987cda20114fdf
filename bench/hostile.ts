/**
 * Hostile providers against the real daemon: for each behaviour of bench/support/hostile-provider.ts,
 * `tripline start` runs in its own process with two targets, one on the hostile provider and one on a
 * healthy one, for a few cycles. Reported per row: what the hostile target's runs became, whether the
 * healthy target kept being measured, the daemon's peak RSS (VmHWM) and whether it stayed up.
 * Target: peak RSS <= 300 MB for every row, the daemon alive, the healthy target still monitored.
 *
 *   node dist/bench/hostile.js [--cycles 3] [--row huge]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { HOSTILE_BEHAVIOURS, startHostileProvider, type HostileBehaviour, type HostileProvider } from './support/hostile-provider.js';
import { distRoot, rssOf, sleep } from './support/processes.js';

const KEY = 'sk-bench-hostile-key-0123456789';
const TRAVERSAL = '../../../admin/delete?x=1#frag';
const RSS_TARGET_MB = 300;

interface Row {
  /** Row of issue 15's table this behaviour reproduces. */
  issueRow: string;
  behaviour: HostileBehaviour;
  /** Model id of the hostile target (row 11 sends a path-traversal id). */
  model?: string;
  provider?: Record<string, unknown>;
  /** Shown for what it costs, outside the target: the operator raised a limit on purpose. */
  informational?: boolean;
}

const ROWS: Row[] = [
  { issueRow: '1', behaviour: 'huge' },
  { issueRow: '2', behaviour: 'endless' },
  { issueRow: '3', behaviour: 'deep' },
  { issueRow: '3', behaviour: 'deep-in-completion' },
  { issueRow: '4', behaviour: 'deep-3000' },
  { issueRow: '4', behaviour: 'deep-250' },
  { issueRow: '5', behaviour: 'long-answer' },
  // The operator raised the limit: the answer is read, and the snapshot keeps 16 KiB of it per sample.
  { issueRow: '5', behaviour: 'long-answer', provider: { maxResponseBytes: 64 * 1024 * 1024 }, informational: true },
  { issueRow: '6', behaviour: 'echo-key' },
  { issueRow: '11', behaviour: 'healthy', model: TRAVERSAL },
  { issueRow: '15', behaviour: 'redirect' },
];

interface Outcome {
  row: Row;
  badRuns: string[];
  goodRuns: string[];
  findings: string[];
  peakMb: number;
  aliveAtEnd: boolean;
  exitCode: number | null;
  notes: string[];
}

function workspace(hostile: HostileProvider, row: Row): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-hostile-'));
  mkdirSync(join(dir, 'canaries'));
  cpSync(join(distRoot, '..', 'canaries', 'tokens-short.yaml'), join(dir, 'canaries', 'tokens-short.yaml'));
  const provider = { type: 'openai', apiKey: KEY, timeout: 20_000, maxRetries: 0 };
  const config = {
    providers: {
      bad: { ...provider, baseUrl: hostile.baseUrl(row.behaviour), ...row.provider },
      good: { ...provider, baseUrl: hostile.baseUrl('healthy') },
    },
    targets: [`bad/${row.model ?? 'gpt-4o-mini'}`, 'good/gpt-4o-mini'],
    schedule: '*/3 * * * * *',
    canaries: './canaries',
    snapshots: './snapshots',
    stateDir: './state',
    server: { listen: '127.0.0.1:0' },
  };
  writeFileSync(join(dir, 'tripline.yaml'), stringify(config));
  return { dir, config: join(dir, 'tripline.yaml') };
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((e) => join(dir, e))
      .filter((p) => statSync(p).isFile());
  } catch {
    return [];
  }
}

async function runRow(hostile: HostileProvider, row: Row, cycles: number): Promise<Outcome> {
  const ws = workspace(hostile, row);
  const nodeArgs = ['--max-semi-space-size=1'];
  const child = spawn(process.execPath, [...nodeArgs, join(distRoot, 'src', 'cli.js'), 'start', '--config', ws.config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const outcome: Outcome = { row, badRuns: [], goodRuns: [], findings: [], peakMb: 0, aliveAtEnd: false, exitCode: null, notes: [] };
  let address = '';
  let buffer = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as { msg?: string; address?: string; target?: string; canary?: string; result?: string };
      if (line.msg === 'server listening') address = String(line.address);
      if (line.msg !== 'run finished' || line.canary !== 'tokens-short') continue;
      (line.target?.startsWith('bad/') ? outcome.badRuns : outcome.goodRuns).push(String(line.result));
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000 + cycles * 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (outcome.badRuns.length >= cycles && outcome.goodRuns.length >= cycles) break;
    await sleep(250);
  }
  outcome.aliveAtEnd = child.exitCode === null && child.signalCode === null;
  if (outcome.aliveAtEnd && child.pid !== undefined) {
    outcome.peakMb = rssOf(child.pid).peak;
    try {
      const res = await fetch(`http://${address}/api/findings`);
      const findings = (await res.json()) as { target?: string; kind?: string; subject?: string }[];
      const bad = findings.filter((f) => f.target?.startsWith('bad/')).map((f) => `${f.kind ?? '?'}${f.subject ? ` (${f.subject})` : ''}`);
      outcome.findings = [...new Set(bad)];
    } catch (err) {
      outcome.notes.push(`findings not read: ${String(err)}`);
    }
  } else {
    outcome.notes.push(`daemon exited: ${stderr.split('\n').slice(-3).join(' ')}`);
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  outcome.exitCode = await exited;
  clearTimeout(timer);
  const files = [...filesUnder(join(ws.dir, 'snapshots')), ...filesUnder(join(ws.dir, 'state'))];
  const largest = Math.max(0, ...files.map((f) => statSync(f).size));
  outcome.notes.push(`largest file ${(largest / 1024).toFixed(0)} KB`);
  if (row.behaviour === 'echo-key') outcome.notes.push(files.some((f) => readFileSync(f, 'latin1').includes(KEY)) ? 'KEY FOUND in a file' : 'key in no file');
  if (row.model === TRAVERSAL) outcome.notes.push(hostile.paths.some((p) => p.includes('/admin')) ? 'REQUEST REACHED /admin' : 'no request left its path');
  return outcome;
}

function summary(runs: string[]): string {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v}× ${k}`).join(', ') || 'none';
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cycles: { type: 'string', default: '3' }, row: { type: 'string' } } });
  const cycles = Number(values.cycles);
  const rows = values.row ? ROWS.filter((r) => r.behaviour === values.row) : ROWS;
  const hostile = await startHostileProvider();
  const outcomes: Outcome[] = [];
  try {
    for (const row of rows) {
      process.stderr.write(`hostile: ${row.behaviour}…\n`);
      outcomes.push(await runRow(hostile, row, cycles));
    }
  } finally {
    await hostile.close();
  }
  process.stdout.write(`${cycles} cycles per row, a cycle every 3 s; targets: bad/… on the hostile behaviour, good/… on a healthy provider.\n\n`);
  process.stdout.write('| issue row | hostile behaviour | hostile target: runs, findings | healthy target runs | daemon peak RSS | daemon | notes |\n');
  process.stdout.write('| --- | --- | --- | --- | ---: | --- | --- |\n');
  let failed = false;
  for (const o of outcomes) {
    const monitored = o.goodRuns.length >= cycles && o.goodRuns.every((r) => r === 'ok' || r === 'recorded');
    const ok = o.aliveAtEnd && monitored && o.peakMb <= RSS_TARGET_MB && o.exitCode === 0;
    if (!o.row.informational) failed ||= !ok;
    const raised = o.row.provider?.['maxResponseBytes'];
    const what =
      o.row.model === TRAVERSAL
        ? `model id \`${TRAVERSAL}\``
        : `${HOSTILE_BEHAVIOURS[o.row.behaviour]}${typeof raised === 'number' ? ` (maxResponseBytes raised to ${raised / 1024 / 1024} MiB; outside the target)` : ''}`;
    process.stdout.write(
      `| ${o.row.issueRow} | ${what} | ${summary(o.badRuns)}; ${o.findings.join(', ') || 'no finding'} | ${summary(o.goodRuns)} | ${o.peakMb.toFixed(0)} MB | ${o.aliveAtEnd ? 'alive' : 'DIED'}, exit ${String(o.exitCode)} after SIGTERM | ${o.notes.join('; ')} |\n`,
    );
  }
  process.stdout.write(
    `\nTarget (rows at the default limits): peak RSS <= ${RSS_TARGET_MB} MB, daemon alive, healthy target monitored every cycle: ${failed ? '**not met**' : 'met'}.\n`,
  );
  process.exitCode = failed ? 1 : 0;
}

await main();
