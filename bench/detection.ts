/**
 * Detection benchmark (issue 4, item 6): for each drift scenario of the simulator, tripline's power
 * within 2 cycles, cycles to detect, tokens per cycle and no-drift false alarms, against a naive
 * single-snapshot exact-diff comparator and the oracle likelihood-ratio test. Jobs run two at a time
 * in child processes (bench/detection/run-job.ts); writes bench/results/detection.{md,png}.
 * `node dist/bench/detection.js [job id ...]` re-runs a subset; the other rows come from the cached
 * results of earlier runs (bench/results/detection-jobs.json).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const cacheFile = `${dir}detection-jobs.json`;
/** Results of earlier runs by job id, so re-running one job keeps the others' rows. */
function cached(): Record<string, JobResult> {
  try {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, JobResult>;
  } catch {
    return {};
  }
}

const wanted = process.argv.slice(2);
const jobs = JOBS.filter((j) => wanted.length === 0 || wanted.includes(j.id));
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
const all = { ...cached(), ...Object.fromEntries(results.map((r) => [r.job.id, r])) };
const reported = JOBS.flatMap((j) => (all[j.id] ? [all[j.id]!] : []));
const jobSeconds = reported.reduce((n, r) => n + r.seconds, 0);
const text = [
  markdown(reported),
  '',
  `Observations are generated in-process through the simulator's model code (checked equal, field by field, to the OpenAI adapter's parse of the simulator's own Chat Completions response on ${reported.reduce((n, r) => n + r.validatedObservations, 0)} observations); probes run with their shipped defaults and the runtime's persistence. CPU time ${(jobSeconds / 60).toFixed(0)} min over the jobs (two at a time).`,
  '',
].join('\n');
mkdirSync(dir, { recursive: true });
writeFileSync(cacheFile, `${JSON.stringify(all)}\n`);
writeFileSync(`${dir}detection.md`, text);
writeFileSync(`${dir}detection.png`, powerChart(chartRows(reported)));
process.stdout.write(text);
