/**
 * Detection benchmark (issue 4, item 6): for each drift scenario of the simulator, tripline's power
 * within 2 cycles, cycles to detect, tokens per cycle and no-drift false alarms, against a naive
 * single-snapshot exact-diff comparator and the oracle likelihood-ratio test. Jobs run two at a time
 * in child processes (bench/detection/run-job.ts); writes bench/results/detection.{md,png}.
 * `node dist/bench/detection.js [scenario ...]` runs a subset.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { powerChart } from './detection/chart.js';
import { JOBS } from './detection/jobs.js';
import { chartRows, markdown } from './detection/report.js';
import type { JobResult } from './detection/run-job.js';

const PARALLEL = 2;

function runJob(id: string): Promise<JobResult> {
  const script = fileURLToPath(new URL('./detection/run-job.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, id], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as JobResult) : reject(new Error(`${id}: exit ${String(code)}`))));
  });
}

const wanted = process.argv.slice(2);
const jobs = JOBS.filter((j) => wanted.length === 0 || wanted.includes(j.id));
const started = performance.now();
const results: JobResult[] = new Array(jobs.length);
let next = 0;
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runJob(jobs[i]!.id);
      process.stderr.write(`detection: ${jobs[i]!.id} done in ${results[i].seconds.toFixed(0)} s\n`);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const text = [
  markdown(results),
  '',
  `Observations are generated in-process through the simulator's model code (checked equal, field by field, to the OpenAI adapter's parse of the simulator's own Chat Completions response on ${results.reduce((n, r) => n + r.validatedObservations, 0)} observations); probes run with their shipped defaults and the runtime's persistence. Wall time ${seconds.toFixed(0)} s.`,
  '',
].join('\n');
const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}detection.md`, text);
writeFileSync(`${dir}detection.png`, powerChart(chartRows(results)));
process.stdout.write(text);
