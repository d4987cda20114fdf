import { z } from 'zod';
import { Finding, findingKey, type Finding as FindingType } from '../domain/finding.js';
import type { Db } from '../runtime/state/store.js';
import { mergePoints, TIERS, type StoredPoint } from './downsample.js';
import { valuesOf, type MeasuredRun } from './metrics.js';
import { SQL } from './sql.js';

export type { StoredPoint } from './downsample.js';

/** One event on a pair's timeline. */
export interface HistoryEvent {
  /** Epoch seconds. */
  at: number;
  target: string;
  canary: string | null;
  /** `finding` (first seen or changed) or `baseline` (a baseline was recorded or accepted). */
  type: string;
  /** The finding key, for findings. */
  key: string | null;
  severity: string | null;
  summary: string;
}

/** The latest occurrence of a finding key. */
export interface FindingRecord {
  key: string;
  /** Epoch seconds of the first and last time it was seen (within retention). */
  firstAt: number;
  lastAt: number;
  /** Runs that reported it. */
  seen: number;
  finding: FindingType;
}

/** A finding seen again after this long counts as a new occurrence on the timeline. */
const REOCCURS_AFTER_SECONDS = 6 * 3_600;

const PointRow = z.object({ at: z.number(), span: z.number(), runs: z.number(), result: z.string(), v: z.string() });
const EventRow = z.object({
  at: z.number(),
  target: z.string(),
  canary: z.string().nullable(),
  type: z.string(),
  key: z.string().nullable(),
  severity: z.string().nullable(),
  summary: z.string(),
});
const FindingRow = z.object({ key: z.string(), first_at: z.number(), last_at: z.number(), seen: z.number(), finding: z.string() });

/** The history of probe measurements and events, kept in the state database. */
export interface History {
  /** Stores a run's measurements and the events its findings raise. */
  recordRun(run: MeasuredRun & { findings: readonly FindingType[] }): void;
  /** Stores findings raised outside a canary run (deprecations, budget). */
  recordFindings(findings: readonly FindingType[]): void;
  /** Merges old points into wider buckets and drops everything older than `days`. */
  maintain(nowMs: number, days: number): void;
  /** A pair's points since `sinceSeconds`, oldest first. */
  points(target: string, canary: string, sinceSeconds: number): StoredPoint[];
  /** Results of the pair's last `n` points, newest first. */
  lastResults(target: string, canary: string, n: number): string[];
  /** Events of a target since `sinceSeconds`, oldest first. */
  events(target: string, sinceSeconds: number): HistoryEvent[];
  /** Events of one finding key, newest first. */
  eventsOfKey(key: string): HistoryEvent[];
  /** The last occurrence of a finding key, or null. */
  finding(key: string): FindingRecord | null;
  /** Finding events of one area (`deprecation`), newest first. */
  eventsOfArea(area: string, limit: number): HistoryEvent[];
  /** The latest finding events, newest first: one per occurrence, not one per run. */
  recentFindings(limit: number): HistoryEvent[];
}

export function createHistory(db: Db): History {
  const pairId = (target: string, canary: string): number => {
    const known = db.prepare(SQL.pairId).pluck().get(target, canary);
    if (typeof known === 'number') return known;
    db.prepare(SQL.insertPair).run(target, canary);
    return z.number().parse(db.prepare(SQL.pairId).pluck().get(target, canary));
  };
  const existingPair = (target: string, canary: string): number | null => {
    const known = db.prepare(SQL.pairId).pluck().get(target, canary);
    return typeof known === 'number' ? known : null;
  };
  const recordFinding = (f: FindingType): void => {
    const key = findingKey(f);
    const detected = Date.parse(f.detectedAt);
    const at = Math.floor((Number.isFinite(detected) ? detected : Date.now()) / 1000);
    const previous = readFinding(key);
    const isNew =
      !previous || at - previous.lastAt > REOCCURS_AFTER_SECONDS || previous.finding.summary !== f.summary;
    db.prepare(SQL.upsertFinding).run(key, at, at, JSON.stringify(f));
    if (isNew) db.prepare(SQL.insertEvent).run(at, f.target, f.canary ?? null, 'finding', key, f.severity, f.summary);
  };
  const readFinding = (key: string): FindingRecord | null => {
    const row = FindingRow.safeParse(db.prepare(SQL.finding).get(key));
    if (!row.success) return null;
    const finding = Finding.safeParse(JSON.parse(row.data.finding));
    if (!finding.success) return null;
    return { key, firstAt: row.data.first_at, lastAt: row.data.last_at, seen: row.data.seen, finding: finding.data };
  };
  const events = (rows: unknown[]): HistoryEvent[] => rows.map((r) => EventRow.parse(r));
  return {
    recordRun(run) {
      db.transaction(() => {
        const at = Math.floor(Date.parse(run.startedAt) / 1000);
        db.prepare(SQL.insertPoint).run(pairId(run.target, run.canary), at, 0, 1, run.result, JSON.stringify(valuesOf(run)));
        for (const f of run.findings) {
          if (f.kind === 'baseline.recorded') {
            db.prepare(SQL.insertEvent).run(at, f.target, f.canary ?? null, 'baseline', findingKey(f), f.severity, f.summary);
          } else recordFinding(f);
        }
      })();
    },
    recordFindings(findings) {
      db.transaction(() => findings.forEach(recordFinding))();
    },
    maintain(nowMs, days) {
      const now = Math.floor(nowMs / 1000);
      db.transaction(() => {
        for (const tier of TIERS) {
          const rows = db.prepare(SQL.pointsToMerge).all(tier.span, now - tier.olderThanSeconds) as { pair: number }[];
          const byPair = new Map<number, StoredPoint[]>();
          for (const row of rows) {
            const list = byPair.get(row.pair) ?? [];
            list.push(toPoint(row));
            byPair.set(row.pair, list);
          }
          for (const [pair, list] of byPair) {
            for (const p of list) db.prepare(SQL.deletePoint).run(pair, p.at);
            for (const m of mergePoints(list, tier.span)) {
              db.prepare(SQL.insertPoint).run(pair, m.at, m.span, m.runs, m.result, JSON.stringify(m.values));
            }
          }
        }
        const cutoff = now - days * 86_400;
        db.prepare(SQL.prunePoints).run(cutoff);
        db.prepare(SQL.pruneEvents).run(cutoff);
        db.prepare(SQL.pruneFindings).run(cutoff);
      })();
    },
    points(target, canary, since) {
      const pair = existingPair(target, canary);
      return pair === null ? [] : db.prepare(SQL.points).all(pair, since).map(toPoint);
    },
    lastResults(target, canary, n) {
      const pair = existingPair(target, canary);
      return pair === null ? [] : (db.prepare(SQL.lastResults).pluck().all(pair, n) as string[]);
    },
    events: (target, since) => events(db.prepare(SQL.eventsOfTarget).all(target, since)),
    eventsOfKey: (key) => events(db.prepare(SQL.eventsOfKey).all(key)),
    finding: readFinding,
    eventsOfArea: (area, limit) => events(db.prepare(SQL.eventsOfArea).all(`%|${area}.%`, limit)),
    recentFindings: (limit) => events(db.prepare(SQL.recentEvents).all(limit)),
  };
}

function toPoint(row: unknown): StoredPoint {
  const r = PointRow.parse(row);
  const values = z.array(z.number().nullable()).catch([]).parse(JSON.parse(r.v));
  return { at: r.at, span: r.span, runs: r.runs, result: r.result, values };
}
