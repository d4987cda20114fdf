import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { mergePoints } from '../../src/history/downsample.js';
import { HISTORY_METRICS } from '../../src/history/metrics.js';
import { createHistory } from '../../src/history/store.js';
import { tempStore } from '../runtime/helpers.js';

const col = (id: string): number => HISTORY_METRICS.findIndex((m) => m.id === id);
const HOUR = 3_600_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');

function run(atMs: number, metrics: Record<string, number>, findings: Finding[] = [], result: 'ok' | 'recorded' | 'unavailable' = 'ok') {
  return { target: 'sim/m', canary: 'c', startedAt: new Date(atMs).toISOString(), result, metrics, headroom: 0.5, latencyMs: 120, findings };
}

const finding = (atMs: number, summary = 'input tokens rose 100 -> 112'): Finding => ({
  kind: 'tokens.input_changed', severity: 'warning', target: 'sim/m', canary: 'c', summary, evidence: { before: 100, after: 112 }, action: 'a', detectedAt: new Date(atMs).toISOString(),
});

describe('src/history/store', () => {
  it('keeps each run as a point with its measurements in storage order, and run-level headroom and latency', async () => {
    const { store } = await tempStore();
    const h = createHistory(store.db);
    await h.recordRun(run(T0, { 'tokens.inputTokens': 100, 'length.pMean': 0.4321987, 'length.medianOutputTokens': 42 }));
    const [p] = await h.points('sim/m', 'c', 0);
    expect(p).toMatchObject({ at: T0 / 1000, span: 0, runs: 1, result: 'ok' });
    expect(p!.values[col('input-tokens')]).toBe(100);
    expect(p!.values[col('p-length')]).toBe(0.4322);
    expect(p!.values[col('output-median')]).toBe(42);
    expect(p!.values[col('headroom')]).toBe(0.5);
    expect(p!.values[col('latency')]).toBe(120);
    expect(p!.values[col('ece')]).toBeNull();
    expect((await h.points('sim/other', 'c', 0))).toEqual([]);
  });

  it('a finding repeated every run is one timeline event; a changed summary or a return after 6 h is another; the latest is kept per key', async () => {
    const { store } = await tempStore();
    const h = createHistory(store.db);
    for (let i = 0; i < 6; i++) await h.recordRun(run(T0 + i * 60_000, {}, [finding(T0 + i * 60_000)]));
    expect((await h.events('sim/m', 0))).toHaveLength(1);
    await h.recordRun(run(T0 + 10 * 60_000, {}, [finding(T0 + 10 * 60_000, 'input tokens rose 100 -> 130')]));
    await h.recordRun(run(T0 + 10 * HOUR, {}, [finding(T0 + 10 * HOUR, 'input tokens rose 100 -> 130')]));
    expect((await h.events('sim/m', 0)).map((e) => e.summary)).toEqual(['input tokens rose 100 -> 112', 'input tokens rose 100 -> 130', 'input tokens rose 100 -> 130']);
    const key = 'sim/m|c|tokens.input_changed|';
    expect((await h.finding(key))).toMatchObject({ key, seen: 8, firstAt: T0 / 1000, lastAt: (T0 + 10 * HOUR) / 1000 });
    expect((await h.recentFindings(10))).toHaveLength(3);
  });

  it('a recorded baseline is an event of its own', async () => {
    const { store } = await tempStore();
    const h = createHistory(store.db);
    const recorded: Finding = { ...finding(T0), kind: 'baseline.recorded', severity: 'info', summary: 'baseline recorded (no baseline yet)' };
    await h.recordRun(run(T0, {}, [recorded], 'recorded'));
    expect((await h.events('sim/m', 0))).toMatchObject([{ type: 'baseline', summary: 'baseline recorded (no baseline yet)' }]);
  });

  it('downsamples runs older than 2 days to 3-hour buckets and older than 14 days to days, and drops what is older than the retention', async () => {
    const { store } = await tempStore();
    const h = createHistory(store.db);
    const now = T0 + 100 * 24 * HOUR;
    // Every 10 minutes over 20 days ending now.
    for (let t = now - 20 * 24 * HOUR; t < now; t += 10 * 60_000) await h.recordRun(run(t, { 'tokens.inputTokens': 100, 'length.pMean': 0.5 }));
    await h.recordRun(run(now - 3 * 24 * HOUR + 60_000, { 'tokens.inputTokens': 200, 'length.pMean': 0.0001 }, [], 'unavailable'));
    await h.recordRun(run(now - 95 * 24 * HOUR, { 'tokens.inputTokens': 1 }));
    await h.maintain(now, 90);
    const points = await h.points('sim/m', 'c', 0);
    expect(points.every((p) => p.at >= (now - 90 * 24 * HOUR) / 1000)).toBe(true);
    const spans = new Map<number, number>();
    for (const p of points) spans.set(p.span, (spans.get(p.span) ?? 0) + 1);
    expect(spans.get(0)).toBe(2 * 24 * 6);
    expect(spans.get(10_800)).toBe(12 * 8);
    expect(spans.get(86_400)).toBe(6);
    const merged = points.find((p) => p.span === 10_800 && p.at === Math.floor((now - 3 * 24 * HOUR + 60_000) / (3 * HOUR)) * 10_800)!;
    expect(merged.runs).toBe(19);
    expect(merged.result).toBe('unavailable');
    expect(merged.values[col('p-length')]).toBe(0.0001);
    expect(merged.values[col('input-tokens')]).toBe(Number(((18 * 100 + 200) / 19).toPrecision(4)));
    // Maintaining again changes nothing.
    await h.maintain(now, 90);
    expect((await h.points('sim/m', 'c', 0))).toEqual(points);
  });

  it('mergePoints: runs-weighted means, lowest p-value, worst result', async () => {
    const v = (input: number, p: number): (number | null)[] => HISTORY_METRICS.map((m) => (m.id === 'input-tokens' ? input : m.id === 'p-length' ? p : null));
    const [m] = mergePoints([
      { at: 3_600, span: 0, runs: 1, result: 'ok', values: v(100, 0.3) },
      { at: 3_700, span: 0, runs: 3, result: 'ok', values: v(200, 0.02) },
    ], 3_600);
    expect(m).toMatchObject({ at: 3_600, span: 3_600, runs: 4, result: 'ok' });
    expect(m!.values[col('input-tokens')]).toBe(175);
    expect(m!.values[col('p-length')]).toBe(0.02);
  });
});
