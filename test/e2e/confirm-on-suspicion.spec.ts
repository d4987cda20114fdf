/**
 * Issue 17, item 1 end to end: with `evaluation.confirmAfter: 2s`, ONE `tripline check` reports
 * each deterministic break and each statistical scenario of the simulator (the check re-runs the
 * suspicious canaries 2 s later with fresh requests and reports what the re-run confirms), and 30
 * checks against a quiet provider report nothing.
 *
 * One `baseline --cycles 10` is shared (copied) by every test: the statistical probes need its pool
 * (see statistical.spec.ts). Each scenario gets a clone of it and its own simulator, so two run at
 * once; the quiet checks run in three lanes of ten, each lane a clone with its own simulator.
 *
 * Every one of the 9 scenario checks and 30 quiet checks is a whole `check --json --no-alerts`. The
 * built CLI runs in a child process for one deterministic and one statistical scenario and for the
 * first quiet check; the others call the same runCheck in this process (checkInProcess, whose
 * captured stderr holds the same log lines), which saves a Node start and a load of dist/ each.
  *
 * | scenario                  | finding (canary:kind)                          |
 * | ------------------------- | ---------------------------------------------- |
 * | logprobs-removed          | *:shape.field_removed (a field removed; target-level: the first canary that saw it) |
 * | tokenizer-change          | tokens-multilingual:tokens.input_changed       |
 * | hidden-system-prompt      | *:tokens.input_changed (every prompt moves; target-level) |
 * | model-repointed           | *:identity.model_changed                       |
 * | calibration-rescale       | calibration-mcq:calibration.shift              |
 * | seed-lost                 | reproducibility-seeded:reproducibility.degraded |
 * | default-max-tokens-raised | length-implicit-cap:tokens.output_cap_changed  |
 * | verbosity-shift           | length-verbosity:tokens.output_shift           |
 * | partial-swap              | calibration-mcq:identity.behavior_shift        |
 */
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { actionable, checkInProcess, cloneWorkspace, findingsOf, removeClones, WIRING_OPTIONS } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const TARGET = 'sim/gpt-4o-mini';
const SEED = 1717;
const env = { SIM_API_KEY: 'sk-test-e2e-confirm' };
/** The smallest canary set that covers every scenario: no border-inputs (320 requests a baseline cycle). */
const CANARIES = [
  'identity.yaml',
  'tokens-multilingual.yaml',
  'calibration-mcq.yaml',
  'logprob-tracking.yaml',
  'reproducibility-seeded.yaml',
  'length-verbosity.yaml',
  'length-implicit-cap.yaml',
];

const configFor = (simUrl: string): Record<string, unknown> => ({
  canaries: './canaries',
  snapshots: './snapshots',
  stateDir: './state',
  providers: { sim: { type: 'openai', baseUrl: `${simUrl}/v1`, apiKey: '${SIM_API_KEY}', timeout: 10_000, maxRetries: 1 } },
  targets: [TARGET],
  evaluation: { confirmAfter: '2s' },
});

/** A copy of the baselined workspace pointed at another simulator (same seed: the same models). */
function cloneFor(base: Workspace, sim: Sim): Workspace {
  const ws = cloneWorkspace(base);
  writeFileSync(ws.configPath, stringify(configFor(sim.url)));
  return ws;
}

/** The built CLI in a child process, or (spawned: false) the same check in this process. */
const check = (ws: Workspace, spawned: boolean): Promise<CliResult> =>
  spawned ? runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env, timeoutMs: 120_000 }) : checkInProcess(ws, env);

/** The scenarios whose check runs the built CLI: one deterministic break, one statistical change. */
const SPAWNED_SCENARIOS = new Set(['model-repointed', 'calibration-rescale']);

/** Runs `task` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await task(next);
  }));
}

describe('e2e: confirm on suspicion (evaluation.confirmAfter: 2s) through `tripline check --json`', () => {
  let base: Workspace;

  beforeAll(async () => {
    const sim = await startSimulator({ seed: SEED });
    try {
      base = makeWorkspace({ config: configFor(sim.url), shippedCanaries: CANARIES });
      const result = await runCli(['baseline', '--cycles', '10', '--config', base.configPath], { env, timeoutMs: 240_000 });
      expect(result.code, result.stderr).toBe(0);
    } finally {
      await sim.close();
    }
  }, 250_000);

  afterAll(() => {
    removeClones();
    if (base) rmSync(base.dir, { recursive: true, force: true });
  });

  const scenarios: [scenario: string, finding: string][] = [
    ['logprobs-removed', ':shape.field_removed'],
    ['tokenizer-change', 'tokens-multilingual:tokens.input_changed'],
    ['hidden-system-prompt', ':tokens.input_changed'],
    ['model-repointed', ':identity.model_changed'],
    ['calibration-rescale', 'calibration-mcq:calibration.shift'],
    ['seed-lost', 'reproducibility-seeded:reproducibility.degraded'],
    ['default-max-tokens-raised', 'length-implicit-cap:tokens.output_cap_changed'],
    ['verbosity-shift', 'length-verbosity:tokens.output_shift'],
    ['partial-swap', 'calibration-mcq:identity.behavior_shift'],
  ];

  it('one check reports each deterministic break and each statistical scenario, exit 1', async () => {
    const outcomes = new Map<string, { findings: string[]; code: number | null; stderr: string }>();
    await inParallel(scenarios, 2, async ([scenario]) => {
      const sim = await startSimulator({ seed: SEED, scenarios: [scenario], options: WIRING_OPTIONS });
      try {
        const result = await check(cloneFor(base, sim), SPAWNED_SCENARIOS.has(scenario));
        outcomes.set(scenario, { findings: actionable(findingsOf(result)), code: result.code, stderr: result.stderr });
      } finally {
        await sim.close();
      }
    });
    const missed = scenarios.flatMap(([scenario, finding]) => {
      const outcome = outcomes.get(scenario)!;
      const [canary, kind] = finding.split(':') as [string, string];
      const reported = outcome.findings.some((f) => f.endsWith(`:${kind}`) && (canary === '' || f.startsWith(`${canary}:`)));
      // The report came from a confirmation run, sent 2 s after the check's first pass.
      const confirmed = outcome.stderr.includes('"msg":"confirming suspicions with fresh requests"');
      return reported && confirmed && outcome.code === 1 ? [] : [`${scenario}: exit ${outcome.code}, ${JSON.stringify(outcome.findings)}, confirmation ${confirmed}`];
    });
    expect(missed).toEqual([]);
  }, 400_000);

  it('30 checks against a quiet provider report nothing and exit 0', async () => {
    const runs: { lane: number; i: number; findings: string[]; code: number | null; stderr: string }[] = [];
    await inParallel([0, 1, 2], 3, async (lane) => {
      const sim = await startSimulator({ seed: SEED + 1 + lane });
      try {
        const ws = cloneFor(base, sim);
        for (let i = 0; i < 10; i++) {
          const result = await check(ws, lane === 0 && i === 0);
          runs.push({ lane, i, findings: actionable(findingsOf(result)), code: result.code, stderr: result.stderr });
        }
      } finally {
        await sim.close();
      }
    });
    expect(runs).toHaveLength(30);
    for (const r of runs) {
      expect(r.findings, `lane ${r.lane} run ${r.i + 1}`).toEqual([]);
      expect(r.code, `lane ${r.lane} run ${r.i + 1}: ${r.stderr}`).toBe(0);
    }
  }, 900_000);
});
