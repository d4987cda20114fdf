/**
 * `npm run bench`: runs every benchmark in turn, each in its own process, and prints their
 * markdown tables under a heading. Not part of `npm test`. Add a bench with one line in BENCHES.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Bench {
  /** Heading printed above the bench's output. */
  title: string;
  /** Compiled script, relative to dist/bench/. */
  script: string;
  args?: string[];
}

const BENCHES: Bench[] = [
  { title: 'Daemon: 1,000 targets x 5 canaries against the simulator', script: 'daemon.js' },
  { title: 'Idle-RSS floor: Node and the fixed libraries, before any tripline code', script: 'idle-floor.js' },
  { title: 'Detection: power, cycles to detect, tokens and false alarms per drift scenario', script: 'detection.js' },
  { title: 'Detection of the exact contract checks: streams, rate-limit windows, echoed defaults, account', script: 'detection-exact.js' },
  { title: 'Daily cost: the shipped suite per model and day against the simulator', script: 'cost.js' },
  { title: "Tenants: one tenant's alias re-pointed, and false alarms of the cross-tenant comparison", script: 'tenants.js' },
  { title: 'Detection: prompt cache and latency', script: 'detection-service.js' },
  { title: 'Deprecations: scraping every source from local copies', script: 'deprecations.js' },
  { title: 'Hostile providers: each behaviour against the daemon, with a healthy target beside it', script: 'hostile.js' },
  { title: 'History: state growth per 1,000 pairs per day', script: 'history.js' },
  { title: 'Dashboard: overview of 1,000 targets x 5 canaries in Chromium', script: 'dashboard.js' },
  { title: 'Real inference: weight swaps behind a llama.cpp model name', script: 'real-model.js' },
];

let failed = 0;
for (const bench of BENCHES) {
  process.stdout.write(`\n## ${bench.title}\n\n`);
  const file = fileURLToPath(new URL(bench.script, import.meta.url));
  const run = spawnSync(process.execPath, [file, ...(bench.args ?? [])], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stdout.write(`\n(${bench.script} failed: exit ${String(run.status ?? run.signal)})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
