import { describe, expect, it } from 'vitest';
import type { TriplineConfig } from '../../src/config/schema.js';
import type { Finding } from '../../src/domain/finding.js';
import { createHistory } from '../../src/history/store.js';
import { createBudget } from '../../src/runtime/budget/budget.js';
import { createHeadroomGovernor } from '../../src/runtime/budget/headroom.js';
import type { CanaryRunResult, Engine } from '../../src/runtime/engine/types.js';
import { createMetrics } from '../../src/runtime/metrics/index.js';
import { createRunBoard } from '../../src/runtime/pipeline/board.js';
import { runPair, type PipelineDeps } from '../../src/runtime/pipeline/run-pair.js';
import type { AlertSink, EvaluatedPair } from '../../src/runtime/pipeline/types.js';
import { silentLogger, tempStore } from './helpers.js';

const finding: Finding = {
  kind: 'shape.field_removed', severity: 'critical', target: 'sim/m', canary: 'c', summary: 's', evidence: {}, action: 'a', detectedAt: 'now',
};

/** A fake engine: every run spends 100 + 50 tokens and reports the given headroom. */
function fakeEngine(opts: { headroom?: number | null; fail?: boolean; findings?: Finding[] } = {}): Engine & { calls: number } {
  const engine = {
    calls: 0,
    pairs: () => [{ target: 'sim/m', canary: 'c', schedule: '*/2 * * * * *' }],
    suspicions: () => Promise.resolve([]),
    runCanary(target: string, canary: string): Promise<CanaryRunResult> {
      engine.calls += 1;
      if (opts.fail) return Promise.reject(new Error('boom'));
      return Promise.resolve({
        target, canary, startedAt: new Date().toISOString(), durationMs: 5, result: 'ok', findings: opts.findings ?? [],
        requests: 1, failedRequests: 0, inputTokens: 100, outputTokens: 50, metrics: {}, headroom: opts.headroom ?? null,
      });
    },
  };
  return engine;
}

async function deps(engine: Engine, budget?: { tokensPerDay: number }) {
  const { store } = await tempStore();
  const config = {
    providers: { sim: { minHeadroom: 0.2, maxConcurrency: 2, budget: budget && { ...budget, inputPricePerMTok: 0, outputPricePerMTok: 0 } } },
    evaluation: { confirmCycles: 2, confirmAfter: '60s', alpha: 0.001, warmupCycles: 10 },
  } as unknown as TriplineConfig;
  const processed: { findings: readonly Finding[]; evaluated: readonly EvaluatedPair[] }[] = [];
  let flushes = 0;
  const alerts: AlertSink = {
    process: (findings, evaluated) => (processed.push({ findings, evaluated }), Promise.resolve()),
    flush: () => (flushes++, Promise.resolve()),
    openAlerts: () => [],
    outboxPending: () => ({}),
  };
  const headroom = createHeadroomGovernor({ baseSeconds: () => 2 });
  const metrics = createMetrics('0', { alertsOpen: () => [], outboxPending: () => ({}), backoff: () => ({}) });
  const board = createRunBoard();
  board.setPairs(engine.pairs());
  const d: PipelineDeps = {
    engine: () => engine, config: () => config, budget: createBudget({ db: store.db, limits: (p) => config.providers[p]?.budget }),
    headroom, metrics, alerts, board, history: createHistory(store.db), logger: silentLogger(),
  };
  return { d, processed, flushes: () => flushes, headroom, board, metrics };
}

describe('src/runtime/pipeline/run-pair', () => {
  it('runs the engine, feeds the alert lifecycle and flushes, records the board', async () => {
    const engine = fakeEngine({ findings: [finding] });
    const t = await deps(engine);
    const r = await runPair(t.d, 'sim/m', 'c', new AbortController().signal);
    expect(r?.result).toBe('ok');
    expect(t.processed).toEqual([{ findings: [finding], evaluated: [{ target: 'sim/m', canary: 'c' }] }]);
    expect(t.flushes()).toBe(1);
    expect(t.board.pairs()[0]).toMatchObject({ lastResult: 'ok', lastFindings: 1 });
    expect(t.board.recentFindings()).toEqual([finding]);
  });

  it('stops at the budget and sends one budget.exhausted finding', async () => {
    const engine = fakeEngine();
    const t = await deps(engine, { tokensPerDay: 400 });
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await runPair(t.d, 'sim/m', 'c', new AbortController().signal))?.result);
    expect(engine.calls).toBe(2); // 2 x 150 = 300; a third run would pass 400
    expect(results).toEqual(['ok', 'ok', 'skipped', 'skipped', 'skipped', 'skipped']);
    const budgetFindings = t.processed.flatMap((p) => p.findings).filter((f) => f.kind === 'budget.exhausted');
    expect(budgetFindings).toHaveLength(1);
    expect(budgetFindings[0]).toMatchObject({ target: 'sim', severity: 'warning' });
  });

  it('backs the provider off when headroom is low', async () => {
    const t = await deps(fakeEngine({ headroom: 0.05 }));
    await runPair(t.d, 'sim/m', 'c', new AbortController().signal);
    expect(t.headroom.backoffSeconds('sim')).toBe(2);
    expect(t.headroom.holdUntil('sim')).toBeGreaterThan(Date.now());
  });

  it('logs and counts a run that throws, without throwing', async () => {
    const t = await deps(fakeEngine({ fail: true }));
    await expect(runPair(t.d, 'sim/m', 'c', new AbortController().signal)).resolves.toBe(null);
    expect(await t.metrics.registry.metrics()).toContain('tripline_runs_total{target="sim/m",canary="c",result="error"} 1');
  });
});
