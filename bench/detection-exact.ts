/**
 * Detection of the exact contract checks (issue 20, items 3-5): stream shape, rate-limit windows,
 * echoed defaults and the account. For each simulator scenario and wire format, TRIALS fresh
 * simulators each record a baseline (one cycle, as `tripline baseline`), then run drift cycles; a
 * change is reported once its kind is raised in as many consecutive cycles as the runtime asks
 * (runtime/engine/persistence.ts sightingsFor: the default confirmCycles, 2, and one more for what
 * a single stream raised).
 * The same pairs then run QUIET no-drift cycles (the A/A): any kind raised there is a false alarm.
 * These probes compare exactly, so a provider that does not change raises nothing by construction;
 * the A/A shows it on the real code path. Writes bench/results/detection-exact.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FindingKind } from '../src/domain/finding.js';
import { createHttpClient } from '../src/http/client.js';
import { getProbe } from '../src/probes/registry.js';
import { startSimulator } from '../src/simulator/index.js';
import { sightingsFor } from '../src/runtime/engine/persistence.js';
import { FORMATS, probeContext, raisedFindings, runCycle, type Format } from './detection-exact/cycle.js';
import { loadCanary } from './detection/sim-cycle.js';

const TRIALS = 20;
const MAX_CYCLES = 3;
const QUIET = 2200;
const CONFIRM = 2;

interface Row {
  scenario: string;
  kind: FindingKind;
  canary: string;
  probe: 'stream' | 'ratelimit' | 'identity';
  formats: (keyof typeof FORMATS)[];
}

const ROWS: Row[] = [
  { scenario: 'stream-usage-dropped', kind: 'shape.stream_usage_missing', canary: 'stream-shape', probe: 'stream', formats: ['chat', 'responses', 'anthropic', 'gemini'] },
  { scenario: 'stream-events-reordered', kind: 'shape.stream_events_changed', canary: 'stream-shape', probe: 'stream', formats: ['chat', 'responses', 'anthropic'] },
  { scenario: 'ratelimit-window-day', kind: 'ratelimit.window_changed', canary: 'tokens-short', probe: 'ratelimit', formats: ['chat', 'responses', 'anthropic'] },
  { scenario: 'default-top-p-changed', kind: 'defaults.changed', canary: 'identity', probe: 'identity', formats: ['responses'] },
  { scenario: 'account-moved', kind: 'identity.account_changed', canary: 'identity', probe: 'identity', formats: ['chat', 'responses', 'anthropic'] },
];

interface Measured {
  row: Row;
  format: Format;
  detectedAt: (number | null)[];
  tokensPerCycle: number;
  quietCycles: number;
  quietRaised: number;
  quietConfirmed: number;
}

const http = createHttpClient();

async function measure(row: Row, format: Format, seedBase: number): Promise<Measured> {
  const canary = loadCanary(row.canary);
  const probe = getProbe(row.probe);
  if (!probe) throw new Error(`probe ${row.probe}`);
  const ctx = probeContext(format, canary);
  const out: Measured = { row, format, detectedAt: [], tokensPerCycle: 0, quietCycles: 0, quietRaised: 0, quietConfirmed: 0 };
  let tokens = 0;
  let cycles = 0;
  for (let t = 0; t < TRIALS; t++) {
    const sim = await startSimulator({ seed: seedBase + t });
    try {
      const base = await runCycle(http, sim.url, format, canary);
      const summary = probe.summarize(base.observations, ctx);
      // A/A first: no drift, QUIET / TRIALS cycles per trial.
      let streak = 0;
      for (let c = 0; c < QUIET / TRIALS; c++) {
        const cycle = await runCycle(http, sim.url, format, canary);
        [tokens, cycles] = [tokens + cycle.tokens, cycles + 1];
        const raised = raisedFindings(probe, summary, cycle.observations, ctx);
        out.quietCycles++;
        streak = raised.length > 0 ? streak + 1 : 0;
        if (raised.length > 0) out.quietRaised++;
        if (raised.length > 0 && streak === Math.min(...raised.map((f) => sightingsFor(f, CONFIRM)))) out.quietConfirmed++;
      }
      sim.setScenarios([row.scenario]);
      let detected: number | null = null;
      streak = 0;
      for (let c = 1; c <= MAX_CYCLES && detected === null; c++) {
        const cycle = await runCycle(http, sim.url, format, canary);
        const hit = raisedFindings(probe, summary, cycle.observations, ctx).find((f) => f.kind === row.kind);
        streak = hit ? streak + 1 : 0;
        if (hit && streak >= sightingsFor(hit, CONFIRM)) detected = c;
      }
      out.detectedAt.push(detected);
    } finally {
      await sim.close();
    }
  }
  out.tokensPerCycle = tokens / Math.max(1, cycles);
  return out;
}

function markdown(results: readonly Measured[]): string {
  const lines = [
    `| scenario | finding | canary | wire format | power within ${MAX_CYCLES} cycles | cycles to report (median) | tokens per cycle | no-drift cycles (A/A) | cycles raising anything | false alarms (at the sightings needed) |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const hits = r.detectedAt.filter((d): d is number => d !== null).sort((a, b) => a - b);
    const median = hits.length > 0 ? String(hits[Math.floor((hits.length - 1) / 2)]) : '—';
    lines.push(
      `| \`${r.row.scenario}\` | \`${r.row.kind}\` | \`${r.row.canary}\` | ${r.format.name} | ${hits.length}/${r.detectedAt.length} | ${median} | ${Math.round(r.tokensPerCycle)} | ${r.quietCycles} | ${r.quietRaised} | ${r.quietConfirmed} |`,
    );
  }
  return lines.join('\n');
}

const started = performance.now();
const results: Measured[] = [];
let seed = 1000;
for (const row of ROWS) {
  for (const f of row.formats) {
    results.push(await measure(row, FORMATS[f], seed));
    seed += TRIALS;
  }
}
const quiet = results.reduce((n, r) => n + r.quietCycles, 0);
const alarms = results.reduce((n, r) => n + r.quietConfirmed, 0);
// One-sided 95% upper bound of a rate from a Poisson count (3 / n at zero: the rule of three).
const bound = alarms === 0 ? 3 / quiet : NaN;
const text = [
  markdown(results),
  '',
  `Each row: ${TRIALS} fresh simulators; a baseline of one cycle, ${QUIET / TRIALS} no-drift cycles each (the A/A, ${QUIET} per row, ${quiet} in all), then the scenario for up to ${MAX_CYCLES} cycles, reported at ${CONFIRM} consecutive cycles (one more for what a single stream raised: the stream-shape canary sends one stream a cycle). False alarms: ${alarms} in ${quiet} no-drift stream-cycles${alarms === 0 ? ` (95% upper bound ${bound.toExponential(1)} per stream-cycle)` : ''}. Exact comparisons: a false alarm needs the provider's contract to change, so the expected rate is 0 by construction, and the A/A measures it on the real path (adapters, HTTP, streams, probes). ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  '',
].join('\n');
const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}detection-exact.md`, text);
process.stdout.write(text);
