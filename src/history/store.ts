import { z } from 'zod';
import { Finding, findingKey, type Finding as FindingType } from '../domain/finding.js';
import type { Sql } from '../storage/index.js';
import { mergePoints, TIERS, type StoredPoint } from './downsample.js';
import { HISTORY_METRICS, valuesOf, type MeasuredRun } from './metrics.js';
import { lastResultsOfTargets, SQL } from './sql.js';

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
const StoredValues = z.array(z.number().nullable()).catch([]);
const PairIdValue = z.number();
const FindingRow = z.object({ key: z.string(), first_at: z.number(), last_at: z.number(), seen: z.number(), finding: z.string() });

/** The history of probe measurements and events, kept in the state database. */
export interface History {
  /** Stores a run's measurements and the events its findings raise. */
  recordRun(run: MeasuredRun & { findings: readonly FindingType[] }): Promise<void>;
  /** Stores findings raised outside a canary run (deprecations, budget). */
  recordFindings(findings: readonly FindingType[]): Promise<void>;
  /** Merges old points into wider buckets and drops everything older than `days`. */
  maintain(nowMs: number, days: number): Promise<void>;
  /** A pair's points since `sinceSeconds`, oldest first. */
  points(target: string, canary: string, sinceSeconds: number): Promise<StoredPoint[]>;
  /** Results of the pair's last `n` points, newest first. */
  lastResults(target: string, canary: string, n: number): Promise<string[]>;
  /** Results of the last `n` points of every pair of these targets, newest first, by `target|canary`. */
  lastResultsOf(targets: readonly string[], n: number): Promise<Map<string, string[]>>;
  /** Events of a target since `sinceSeconds`, oldest first. */
  events(target: string, sinceSeconds: number): Promise<HistoryEvent[]>;
  /** Events of one finding key, newest first. */
  eventsOfKey(key: string): Promise<HistoryEvent[]>;
  /** The last occurrence of a finding key, or null. */
  finding(key: string): Promise<FindingRecord | null>;
  /** Finding events of one area (`deprecation`), newest first. */
  eventsOfArea(area: string, limit: number): Promise<HistoryEvent[]>;
  /** The latest finding events, newest first: one per occurrence, not one per run. */
  recentFindings(limit: number): Promise<HistoryEvent[]>;
}

export function createHistory(root: Sql): History {
  const pairId = async (db: Sql, target: string, canary: string): Promise<number> => {
    const known = await db.get<{ id: number }>(SQL.pairId, [target, canary]);
    if (known) return known.id;
    await db.run(SQL.insertPair, [target, canary]);
    return PairIdValue.parse((await db.get<{ id: number }>(SQL.pairId, [target, canary]))?.id);
  };
  const existingPair = async (target: string, canary: string): Promise<number | null> =>
    (await root.get<{ id: number }>(SQL.pairId, [target, canary]))?.id ?? null;
  const recordFinding = async (db: Sql, f: FindingType): Promise<void> => {
    const key = findingKey(f);
    const detected = Date.parse(f.detectedAt);
    const at = Math.floor((Number.isFinite(detected) ? detected : Date.now()) / 1000);
    const previous = await readFinding(db, key);
    const isNew =
      !previous || at - previous.lastAt > REOCCURS_AFTER_SECONDS || previous.finding.summary !== f.summary;
    await db.run(SQL.upsertFinding, [key, at, at, JSON.stringify(f)]);
    if (isNew) await db.run(SQL.insertEvent, [at, f.target, f.canary ?? null, 'finding', key, f.severity, f.summary]);
  };
  const readFinding = async (db: Sql, key: string): Promise<FindingRecord | null> => {
    const row = FindingRow.safeParse(await db.get(SQL.finding, [key]));
    if (!row.success) return null;
    const finding = Finding.safeParse(JSON.parse(row.data.finding));
    if (!finding.success) return null;
    return { key, firstAt: row.data.first_at, lastAt: row.data.last_at, seen: row.data.seen, finding: finding.data };
  };
  const events = (rows: unknown[]): HistoryEvent[] => rows.map((r) => EventRow.parse(r));
  return {
    recordRun(run) {
      return root.transaction(async (db) => {
        const at = Math.floor(Date.parse(run.startedAt) / 1000);
        await db.run(SQL.insertPoint, [await pairId(db, run.target, run.canary), at, 0, 1, run.result, encodeValues(valuesOf(run))]);
        for (const f of run.findings) {
          if (f.kind === 'baseline.recorded') {
            await db.run(SQL.insertEvent, [at, f.target, f.canary ?? null, 'baseline', findingKey(f), f.severity, f.summary]);
          } else await recordFinding(db, f);
        }
      });
    },
    recordFindings(findings) {
      return root.transaction(async (db) => {
        for (const f of findings) await recordFinding(db, f);
      });
    },
    maintain(nowMs, days) {
      const now = Math.floor(nowMs / 1000);
      return root.transaction(async (db) => {
        for (const tier of TIERS) {
          const rows = await db.query<{ pair: number }>(SQL.pointsToMerge, [tier.span, now - tier.olderThanSeconds]);
          const byPair = new Map<number, StoredPoint[]>();
          for (const row of rows) {
            const list = byPair.get(row.pair) ?? [];
            list.push(toPoint(row));
            byPair.set(row.pair, list);
          }
          for (const [pair, list] of byPair) {
            for (const p of list) await db.run(SQL.deletePoint, [pair, p.at]);
            for (const m of mergePoints(list, tier.span)) {
              await db.run(SQL.insertPoint, [pair, m.at, m.span, m.runs, m.result, encodeValues(m.values)]);
            }
          }
        }
        const cutoff = now - days * 86_400;
        await db.run(SQL.prunePoints, [cutoff]);
        await db.run(SQL.pruneEvents, [cutoff]);
        await db.run(SQL.pruneFindings, [cutoff]);
      });
    },
    async points(target, canary, since) {
      const pair = await existingPair(target, canary);
      return pair === null ? [] : (await root.query(SQL.points, [pair, since])).map(toPoint);
    },
    async lastResults(target, canary, n) {
      const pair = await existingPair(target, canary);
      return pair === null ? [] : (await root.query<{ result: string }>(SQL.lastResults, [pair, n])).map((r) => r.result);
    },
    async lastResultsOf(targets, n) {
      const out = new Map<string, string[]>();
      if (targets.length === 0) return out;
      for (const r of await root.query<{ target: string; canary: string; result: string }>(lastResultsOfTargets(targets.length), [...targets, n])) {
        const key = `${r.target}|${r.canary}`;
        const list = out.get(key);
        if (list) list.push(r.result);
        else out.set(key, [r.result]);
      }
      return out;
    },
    events: async (target, since) => events(await root.query(SQL.eventsOfTarget, [target, since])),
    eventsOfKey: async (key) => events(await root.query(SQL.eventsOfKey, [key])),
    finding: (key) => readFinding(root, key),
    eventsOfArea: async (area, limit) => events(await root.query(SQL.eventsOfArea, [`%|${area}.%`, limit])),
    recentFindings: async (limit) => events(await root.query(SQL.recentEvents, [limit])),
  };
}

/** Values as a JSON array without its trailing nulls (most canaries measure only the first few columns). */
function encodeValues(values: readonly (number | null)[]): string {
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end--;
  return JSON.stringify(values.slice(0, end));
}

function toPoint(row: unknown): StoredPoint {
  const r = PointRow.parse(row);
  const stored = StoredValues.parse(JSON.parse(r.v));
  const values = HISTORY_METRICS.map((_, i) => stored[i] ?? null);
  return { at: r.at, span: r.span, runs: r.runs, result: r.result, values };
}
