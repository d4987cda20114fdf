import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getProbe } from '../../src/probes/registry.js';
import { openStateStore } from '../../src/runtime/state/store.js';
import { loadCanary, SimProvider } from './sim-cycle.js';
import { Stream } from './stream.js';

const store = openStateStore(mkdtempSync(join(tmpdir(), 'tl-bench-')));
for (const [canaryId, probeId, scen] of [
  ['logprob-tracking', 'logprobs', 'model-repointed'],
  ['reproducibility-seeded', 'reproducibility', 'seed-lost'],
  ['length-verbosity', 'length', 'verbosity-shift'],
  ['length-implicit-cap', 'length', 'default-max-tokens-raised'],
  ['calibration-mcq', 'calibration', 'calibration-rescale'],
  ['border-inputs', 'behavior', 'partial-swap'],
] as const) {
  const canary = loadCanary(canaryId);
  const probe = getProbe(probeId)!;
  const sim = new SimProvider(7);
  const s = new Stream(store.db, sim, canary, 'sim-model-1', probe);
  let t = performance.now();
  await s.arm();
  const arm = performance.now() - t;
  t = performance.now();
  const nd = [];
  for (let i = 0; i < 3; i++) nd.push(await s.step());
  const step = (performance.now() - t) / 3;
  sim.setScenarios([scen]);
  const d = [];
  for (let i = 0; i < 3; i++) d.push(await s.step());
  console.log(canaryId, 'arm ms', arm.toFixed(0), 'step ms', step.toFixed(1), JSON.stringify(nd.map((x) => [x.candidate, x.confirmed, x.inputTokens, x.outputTokens])), 'drift', JSON.stringify(d.map((x) => [x.candidate, x.confirmed])));
}
