import { findingKey, type Finding } from '../../domain/finding.js';
import type { CanaryRunResult } from '../engine/types.js';
import type { PairStatus } from './types.js';

/** In-memory view of the latest runs and findings, served by the JSON API. */
export interface RunBoard {
  /** Replaces the configured pairs (start, reload), keeping known status. */
  setPairs(pairs: readonly { target: string; canary: string; schedule: string }[]): void;
  /** Records a run and its findings. */
  record(run: CanaryRunResult): void;
  /** Records findings that come from outside a canary run (budget, deprecations). */
  addFindings(findings: readonly Finding[]): void;
  pairs(): PairStatus[];
  /** Most recent findings first, one per finding key, at most `limit`. */
  recentFindings(limit?: number): Finding[];
  /** Pairs whose last run found their baseline file unreadable, with why: for `/readyz`. */
  brokenSnapshots(): string[];
}

/** `target|canary`, joined into a flat string (a template literal keeps a rope node beside it per pair). */
const pairKey = (p: { target: string; canary: string }): string => [p.target, p.canary].join('|');

/** The metrics of a pair not yet measured: one shared, frozen empty record instead of one per pair. */
const NO_METRICS: Record<string, number> = Object.freeze({});

export function createRunBoard(capacity = 500): RunBoard {
  let status = new Map<string, PairStatus>();
  const broken = new Map<string, string>();
  const findings: Finding[] = [];
  const addFindings = (list: readonly Finding[]): void => {
    findings.push(...list);
    if (findings.length > capacity) findings.splice(0, findings.length - capacity);
  };
  return {
    setPairs(pairs) {
      const next = new Map<string, PairStatus>();
      for (const p of pairs) {
        const key = pairKey(p);
        const known = status.get(key);
        // Spelled out, not spread: spread copies of thousands of pairs took three times the memory.
        next.set(key, {
          target: p.target,
          canary: p.canary,
          schedule: p.schedule,
          lastResult: known?.lastResult ?? null,
          lastRunAt: known?.lastRunAt ?? null,
          lastDurationMs: known?.lastDurationMs ?? null,
          lastFindings: known?.lastFindings ?? 0,
          metrics: known?.metrics ?? NO_METRICS,
        });
      }
      status = next;
    },
    record(run) {
      const key = pairKey(run);
      const snapshotBroken = run.findings.find((f) => f.kind === 'availability.snapshot_broken');
      if (snapshotBroken) broken.set(key, String(snapshotBroken.evidence['error'] ?? snapshotBroken.summary));
      else if (run.result !== 'skipped') broken.delete(key);
      const s = status.get(key);
      if (s) {
        s.lastResult = run.result;
        s.lastRunAt = run.startedAt;
        s.lastDurationMs = run.durationMs;
        s.lastFindings = run.findings.length;
        if (run.result === 'ok') s.metrics = { ...run.metrics };
      }
      addFindings(run.findings);
    },
    addFindings,
    pairs: () => [...status.values()],
    recentFindings(limit = 100) {
      // A condition reported every cycle is one row: the latest occurrence of each finding key.
      const seen = new Set<string>();
      const out: Finding[] = [];
      for (let i = findings.length - 1; i >= 0 && out.length < limit; i--) {
        const f = findings[i]!;
        const key = findingKey(f);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(f);
      }
      return out;
    },
    brokenSnapshots: () => [...broken.values()],
  };
}
