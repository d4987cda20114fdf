/**
 * Daemon benchmark (not part of npm test): N targets x C canaries scheduled against the simulator.
 * Reports p99 scheduling lag, idle RSS and RSS after the requested number of runs, as markdown.
 *
 *   node dist/bench/daemon.js [targets=1000] [canaries=5] [runs=10000] [schedule="*\/30 * * * * *"]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { startDaemon } from '../src/runtime/daemon.js';
import { startSimulator } from '../src/simulator/index.js';

const [targets = 1000, canaries = 5, runs = 10_000] = process.argv.slice(2, 5).map(Number);
const schedule = process.argv[5] ?? '*/30 * * * * *';
const PROVIDERS = 10;

const sim = await startSimulator({ seed: 3 });
const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-'));
mkdirSync(join(dir, 'canaries'));
for (let c = 0; c < canaries; c++) {
  const canary = {
    id: `bench-${c}`,
    request: { messages: [{ role: 'user', content: `Reply with the single word: ready ${c}` }], params: { temperature: 0, maxTokens: 1 } },
    samples: 1,
    probes: ['shape', 'tokens'],
  };
  writeFileSync(join(dir, 'canaries', `bench-${c}.yaml`), stringify(canary));
}
const providers = Object.fromEntries(
  Array.from({ length: PROVIDERS }, (_, p) => [`p${p}`, { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: 'sk-bench-000000', maxConcurrency: 16, maxRetries: 0 }]),
);
const config = {
  providers,
  targets: Array.from({ length: targets }, (_, t) => `p${t % PROVIDERS}/gpt-4o-mini-${t}`),
  canaries: './canaries',
  snapshots: './snapshots',
  stateDir: './state',
  schedule,
  server: { listen: '127.0.0.1:0' },
  alerts: { channels: [{ type: 'console', minSeverity: 'critical' }] },
};
writeFileSync(join(dir, 'tripline.yaml'), stringify(config));

const mb = (): number => Math.round(process.memoryUsage().rss / 1024 / 1024);
const daemon = await startDaemon({
  configPath: join(dir, 'tripline.yaml'),
  env: {},
  signals: false,
  stdout: process.stdout,
  logger: pino({ level: 'silent' }),
});
await new Promise((r) => setTimeout(r, 2_000));
global.gc?.();
const idle = mb();

interface Scrape {
  runs: number;
  lagBuckets: [number, number][];
}
async function scrape(): Promise<Scrape> {
  const text = await (await fetch(`http://${daemon.address}/metrics`)).text();
  let total = 0;
  const lagBuckets: [number, number][] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('tripline_runs_total{') && !line.includes('overlap_skipped')) total += Number(line.split(' ').pop());
    const b = /^tripline_scheduler_lag_seconds_bucket\{le="([^"]+)"\} (\d+)/.exec(line);
    if (b) lagBuckets.push([b[1] === '+Inf' ? Infinity : Number(b[1]), Number(b[2])]);
  }
  return { runs: total, lagBuckets };
}

const started = Date.now();
let s = await scrape();
const rssSamples: number[] = [];
while (s.runs < runs && Date.now() - started < 30 * 60_000) {
  await new Promise((r) => setTimeout(r, 5_000));
  s = await scrape();
  rssSamples.push(mb());
}
const after = mb();
const count = s.lagBuckets.at(-1)?.[1] ?? 0;
const p99 = s.lagBuckets.find(([, n]) => n >= count * 0.99)?.[0] ?? NaN;
await daemon.stop();
await sim.close();

process.stdout.write(
  [
    `| metric | value | target |`,
    `| --- | --- | --- |`,
    `| pairs | ${targets * canaries} (${targets} targets x ${canaries} canaries, ${schedule}) | |`,
    `| runs | ${s.runs} in ${Math.round((Date.now() - started) / 1000)} s | ${runs} |`,
    `| p99 scheduling lag (histogram bucket upper bound) | <= ${p99} s | < 1 s |`,
    `| idle RSS | ${idle} MB | <= 60 MB |`,
    `| RSS after runs | ${after} MB (max ${Math.max(...rssSamples, after)} MB) | no growth |`,
    '',
  ].join('\n'),
);
