import { getProbe } from '../../src/probes/registry.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { loadCanary, SimProvider } from './sim-cycle.js';

for (const [canaryId, probeId] of [
  ['logprob-tracking', 'logprobs'],
  ['reproducibility-seeded', 'reproducibility'],
  ['length-verbosity', 'length'],
  ['length-implicit-cap', 'length'],
  ['calibration-mcq', 'calibration'],
  ['border-inputs', 'behavior'],
] as const) {
  const canary = loadCanary(canaryId);
  const probe = getProbe(probeId)!;
  const sim = new SimProvider(7);
  const ctx = { canary, target: 'sim/x', alpha: 0.001, supports: { seed: true, logprobs: true, temperature: true } };
  let t = performance.now();
  const cycles: SuccessObservation[][] = [];
  for (let i = 0; i < 8; i++) cycles.push(await sim.cycle(canary, 'sim-model-1'));
  const gen = (performance.now() - t) / 8;
  const pool = cycles.slice(0, 5).flat();
  t = performance.now();
  const summary = probe.summarize(pool, ctx);
  const sum = performance.now() - t;
  const baseline = { summary, samples: pool.map(toSampleRecord) };
  t = performance.now();
  let state: unknown = null;
  for (let i = 5; i < 8; i++) state = probe.evaluate({ baseline, current: cycles[i]!, state, ctx }).state;
  const ev = (performance.now() - t) / 3;
  console.log(canaryId, 'gen', gen.toFixed(1), 'summarize', sum.toFixed(1), 'eval', ev.toFixed(1));
}
