/**
 * Runs one benchmark job in this process and prints its JobResult as JSON:
 * `node dist/bench/detection/run-job.js <job id>`. For a closer look at one row:
 * BENCH_FA_SCALE < 1 runs a share of its no-drift cycles, BENCH_TRIALS_PER_POOL sets its drift
 * trials per pool, and BENCH_BORDER_BEFORE=1 runs the border-input canary as it was before its quiet
 * stop (10 answers for every prompt, every cycle) to compare the two on the same trials.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBehaviorProbe } from '../../src/probes/behavior/create.js';
import { getProbe } from '../../src/probes/registry.js';
import { openStateStore } from '../../src/runtime/state/store.js';
import { hash32 } from '../../src/simulator/rng.js';
import { JOBS, type Job } from './jobs.js';
import { logprobOracleCalls, oracleCalls, oraclePower } from './oracle.js';
import { exposedRequests, logprobShifts, oracleItems } from './oracle-items.js';
import { loadCanary, validateFastPath, validateLengthPath } from './sim-cycle.js';
import { collectPool, EVALUATION, Stream, type CycleOutcome } from './stream.js';

export interface JobResult {
  job: Job;
  validatedObservations: number;
  callsPerCycle: number;
  /** Requests a cycle would send without the sequential stop (items × samples). */
  plannedPerCycle?: number;
  inputTokensPerCycle: number;
  outputTokensPerCycle: number;
  trials: number;
  /** Cycle (1-based, after drift starts) tripline alerted in; null = not within maxCycles. */
  detectedAt: (number | null)[];
  /** Per trial: the alert came from that cycle's confirmation run (`confirmAfter` after its slot). */
  detectedByConfirmation?: boolean[];
  /** Per trial: calls sent from the drift's start to the alert, confirmation runs included; null = not detected. */
  callsToDetect?: (number | null)[];
  /** Per trial: the trial's pool (for per-pool figures). */
  trialPool?: number[];
  /** Per trial: the probe's per-cycle test fired in cycle 1 (no persistence). */
  firstCycleCandidate: number;
  naiveWithin2: number;
  faStreamCycles: number;
  faCandidates: number;
  faConfirmed: number;
  /** No-drift confirmation runs sent (one per suspicious cycle), and how many fired again. */
  faConfirmations?: number;
  faConfirmationCandidates?: number;
  /**
   * Per no-drift stream: cycles and cycles whose test fired. Streams of one pool share its
   * baseline, so the rate of two agreeing looks is the mean of each stream's own rate squared.
   */
  faStreams?: { cycles: number; candidates: number }[];
  /** No-drift cycles through the full path (the naive comparator needs their texts). */
  naiveFaCycles: number;
  naiveFaAlarms: number;
  /** Per pool: oracle calls for power 0.95 (null: not reachable) and power at tripline's 2-cycle calls. */
  oracleCalls: (number | null)[];
  /** The same at α² (the nominal false-alarm rate of two consecutive cycles at α). */
  oracleCallsAlpha2: (number | null)[];
  oraclePowerAt2: number[];
  /** Per pool, for canaries that read logprobs: the logprob-reading oracle's calls at α and α². */
  logprobOracleCalls?: (number | null)[];
  logprobOracleCallsAlpha2?: (number | null)[];
  /** Sticky partial traffic: models screened, and those with at least one canary request on other weights. */
  exposure: { screened: number; exposed: number } | null;
  seconds: number;
}

/** Answers per prompt and cycle of the border-input canary before its quiet stop (all of them, every cycle). */
const BORDER_BEFORE_SAMPLES = 10;

async function runJob(job: Job): Promise<JobResult> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-'));
  const store = await openStateStore(dir);
  const shipped = loadCanary(job.canary);
  const before = process.env.BENCH_BORDER_BEFORE === '1' && job.probe === 'behavior';
  const canary = before ? { ...shipped, samples: BORDER_BEFORE_SAMPLES } : shipped;
  const probe = before ? createBehaviorProbe({ quiet: false }) : getProbe(job.probe);
  if (!probe) throw new Error(`probe ${job.probe} not registered`);
  let validated = await validateFastPath(canary, `sim-${job.scenario}-check`, [job.scenario]);
  if (job.faLengthCycles) validated += await validateLengthPath(canary, `sim-${job.scenario}-check`);
  if (canary.request.params.clientMaxTokens !== undefined) {
    // The streamed path with the client stopping the answer, as the runtime's 1.25x cap makes it.
    const stopped = { ...canary, request: { ...canary.request, params: { ...canary.request.params, clientMaxTokens: 100 } } };
    validated += await validateFastPath(stopped, `sim-${job.scenario}-check-stop`, [job.scenario]);
  }
  const r: JobResult = {
    job, validatedObservations: validated, callsPerCycle: 0, inputTokensPerCycle: 0, outputTokensPerCycle: 0, trials: 0, detectedAt: [],
    detectedByConfirmation: [], callsToDetect: [], trialPool: [],
    firstCycleCandidate: 0, naiveWithin2: 0, faStreamCycles: 0, faCandidates: 0, faConfirmed: 0, faConfirmations: 0, faConfirmationCandidates: 0, faStreams: [],
    naiveFaCycles: 0, naiveFaAlarms: 0,
    oracleCalls: [], oracleCallsAlpha2: [], oraclePowerAt2: [], ...(job.logprobOracle ? { logprobOracleCalls: [], logprobOracleCallsAlpha2: [] } : {}), exposure: job.exposure ? { screened: 0, exposed: 0 } : null, seconds: 0,
  };
  let candidateId = 0;
  const nextModel = (): { model: string; items: ReturnType<typeof oracleItems> } => {
    for (;;) {
      const model = `sim-${job.scenario}-${candidateId++}`;
      const items = oracleItems(canary, model, job.scenario, job.observation);
      if (!r.exposure) return { model, items };
      r.exposure.screened++;
      if (exposedRequests(canary, model, job.scenario) > 0) {
        r.exposure.exposed++;
        return { model, items };
      }
    }
  };
  let tokens = { calls: 0, input: 0, output: 0 };
  const countNoDrift = (o: CycleOutcome, stream: { cycles: number; candidates: number }): void => {
    r.faStreamCycles++;
    r.faCandidates += o.candidate ? 1 : 0;
    r.faConfirmed += o.confirmed ? 1 : 0;
    r.faConfirmations! += o.confirmations;
    r.faConfirmationCandidates! += o.confirmationCandidate ? 1 : 0;
    stream.cycles++;
    stream.candidates += o.candidate ? 1 : 0;
  };
  const newStreamCount = (): { cycles: number; candidates: number } => {
    const count = { cycles: 0, candidates: 0 };
    r.faStreams!.push(count);
    return count;
  };
  for (let p = 0; p < job.pools; p++) {
    const { model, items } = nextModel();
    const pool = await collectPool(canary, probe, model, hash32(job.scenario, 'pool', p));
    const calls = pool.firstCycle.length;
    r.oracleCalls.push(oracleCalls(items, EVALUATION.alpha, 64 * calls));
    r.oracleCallsAlpha2.push(oracleCalls(items, EVALUATION.alpha ** 2, 64 * calls));
    r.oraclePowerAt2.push(oraclePower(items, 2 * calls, EVALUATION.alpha));
    if (job.logprobOracle) {
      const shifts = logprobShifts(canary, model, job.scenario);
      r.logprobOracleCalls?.push(logprobOracleCalls(shifts, EVALUATION.alpha, 64 * calls));
      r.logprobOracleCallsAlpha2?.push(logprobOracleCalls(shifts, EVALUATION.alpha ** 2, 64 * calls));
    }
    for (let s = 0; s < job.faStreamsPerPool; s++) {
      const stream = new Stream(store.db, canary, probe, pool, hash32(job.scenario, 'fa', p, s));
      const count = newStreamCount();
      for (let c = 0; c < job.faCycles; c++) {
        const o = await stream.step();
        countNoDrift(o, count);
        r.naiveFaCycles++;
        r.naiveFaAlarms += o.naive ? 1 : 0;
        tokens = { calls: tokens.calls + o.calls, input: tokens.input + o.inputTokens, output: tokens.output + o.outputTokens };
      }
    }
    if (job.faLengthCycles) {
      const stream = new Stream(store.db, canary, probe, pool, hash32(job.scenario, 'fa-lengths', p), 'lengths');
      const count = newStreamCount();
      for (let c = 0; c < job.faLengthCycles; c++) countNoDrift(await stream.step(), count);
    }
    for (let t = 0; t < job.trialsPerPool; t++) {
      const stream = new Stream(store.db, canary, probe, pool, hash32(job.scenario, 'trial', p, t));
      stream.sim.setScenarios([job.scenario]);
      let detected: number | null = null;
      let byConfirmation = false;
      let calls = 0;
      let naive = false;
      for (let c = 1; c <= job.maxCycles && (detected === null || c <= 2); c++) {
        const o = await stream.step();
        if (detected === null) calls += o.calls;
        if (c === 1 && o.candidate) r.firstCycleCandidate++;
        if (c <= 2 && o.naive) naive = true;
        if (o.confirmed && detected === null) [detected, byConfirmation] = [c, o.confirmedByConfirmation];
      }
      r.trials++;
      r.detectedAt.push(detected);
      r.detectedByConfirmation!.push(byConfirmation);
      r.callsToDetect!.push(detected === null ? null : calls);
      r.trialPool?.push(p);
      r.naiveWithin2 += naive ? 1 : 0;
    }
  }
  r.callsPerCycle = tokens.calls / Math.max(1, r.naiveFaCycles);
  r.plannedPerCycle = canary.samples * Math.max(1, canary.items?.length ?? 0);
  r.inputTokensPerCycle = tokens.input / Math.max(1, r.naiveFaCycles);
  r.outputTokensPerCycle = tokens.output / Math.max(1, r.naiveFaCycles);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  r.seconds = (performance.now() - started) / 1000;
  return r;
}

const wanted = process.argv[2];
// BENCH_FA_SCALE < 1 runs a share of the no-drift cycles (a quick look; the tables say how many ran).
const faScale = Math.min(1, Number(process.env.BENCH_FA_SCALE ?? '1') || 1);
const trialsPerPool = Number(process.env.BENCH_TRIALS_PER_POOL ?? '0');
const found = JOBS.find((j) => j.id === wanted);
const listed = found && trialsPerPool >= 1 ? { ...found, trialsPerPool: Math.round(trialsPerPool) } : found;
const scaled = (n: number): number => Math.max(1, Math.round(n * faScale));
// The verbosity canary's lengths-only cycles too: unscaled they are 30,000 and most of the job's time.
const job = listed && faScale < 1 ? { ...listed, faCycles: scaled(listed.faCycles), ...(listed.faLengthCycles ? { faLengthCycles: scaled(listed.faLengthCycles) } : {}) } : listed;
if (!job) {
  process.stderr.write(`unknown job ${wanted ?? '(none)'}; one of ${JOBS.map((j) => j.id).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await runJob(job))}\n`);
