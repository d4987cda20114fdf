/**
 * What the dashboard reads from the state besides the history: open alerts, alert transitions,
 * deprecation rows and source health. All of the dashboard's own SQL, in one place.
 */
import { z } from 'zod';
import { Finding } from '../../../domain/finding.js';
import type { Sql } from '../../../storage/index.js';

/** An alert as the pages show it. */
export interface AlertView {
  id: number;
  key: string;
  state: string;
  kind: string;
  target: string;
  canary: string | null;
  finding: Finding;
  /** Epoch ms. */
  openedAt: number | null;
  resolvedAt: number | null;
  resolution: string | null;
}

/** One lifecycle transition of an alert, for timelines. */
export interface Transition {
  /** Epoch seconds. */
  at: number;
  type: string;
  key: string;
  target: string;
  canary: string | null;
  silencedBy: string | null;
  resolution: string | null;
}

const AlertRow = z.object({
  id: z.number(),
  key: z.string(),
  state: z.string(),
  kind: z.string(),
  target: z.string(),
  canary: z.string().nullable(),
  finding: z.string(),
  opened_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  resolution: z.string().nullable(),
});

const ALERT_COLUMNS = 'id, key, state, kind, target, canary, finding, opened_at, resolved_at, resolution';

function toAlert(row: unknown): AlertView | null {
  const r = AlertRow.parse(row);
  const finding = Finding.safeParse(JSON.parse(r.finding));
  if (!finding.success) return null;
  const ms = (t: string | null): number | null => (t === null ? null : Date.parse(t));
  return { ...r, finding: finding.data, openedAt: ms(r.opened_at), resolvedAt: ms(r.resolved_at) };
}

const present = <T>(v: T | null): v is T => v !== null;

/** Open alerts, newest first. */
export async function openAlerts(db: Sql): Promise<AlertView[]> {
  return (await db.query(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE state = 'open' ORDER BY id DESC`)).map(toAlert).filter(present);
}

/** Every alert (open or resolved) raised under a key, newest first. */
export async function alertsOfKey(db: Sql, key: string): Promise<AlertView[]> {
  return (await db.query(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE key = ? ORDER BY id DESC LIMIT 50`, [key])).map(toAlert).filter(present);
}

const TransitionRow = z.object({
  created_at: z.number(),
  type: z.string(),
  silenced_by: z.string().nullable(),
  key: z.string(),
  target: z.string(),
  canary: z.string().nullable(),
  resolution: z.string().nullable(),
});

/** Opened/updated/resolved events of alerts on `target` (and canary) since `sinceMs`, oldest first. */
export async function transitions(db: Sql, target: string, sinceMs: number): Promise<Transition[]> {
  const rows = await db.query(
    `SELECT e.created_at, e.type, e.silenced_by, a.key, a.target, a.canary, a.resolution
     FROM alert_events e JOIN alerts a ON a.id = e.alert_id
     WHERE a.target = ? AND e.created_at >= ? AND e.type IN ('opened', 'updated', 'resolved') ORDER BY e.seq LIMIT 2000`,
    [target, sinceMs],
  );
  return rows.map((row) => {
      const r = TransitionRow.parse(row);
      return {
        at: Math.floor(r.created_at / 1000),
        type: r.type,
        key: r.key,
        target: r.target,
        canary: r.canary,
        silencedBy: r.silenced_by,
        resolution: r.type === 'resolved' ? r.resolution : null,
      };
    });
}

/** One stored deprecation row. */
export interface StoredRow {
  source: string;
  modelId: string;
  row: unknown;
  firstSeen: string;
  lastSeen: string;
}

const DeprecationRowRow = z.object({ source: z.string(), model_id: z.string(), row: z.string(), first_seen: z.string(), last_seen: z.string() });

export async function deprecationRows(db: Sql): Promise<StoredRow[]> {
  const rows = await db.query('SELECT source, model_id, "row", first_seen, last_seen FROM deprecation_rows ORDER BY source, model_id');
  return rows.map((row) => {
      const r = DeprecationRowRow.parse(row);
      return { source: r.source, modelId: r.model_id, row: JSON.parse(r.row) as unknown, firstSeen: r.first_seen, lastSeen: r.last_seen };
    });
}

/** Health of one deprecation page as last read. */
export interface SourceHealth {
  /** `type@url`. */
  source: string;
  lastOkAt: string | null;
  consecutiveFailures: number;
  lastError: string | null;
}

const SourceRow = z.object({ source: z.string(), last_ok_at: z.string().nullable(), consecutive_failures: z.number(), last_error: z.string().nullable() });

export async function sourceHealth(db: Sql): Promise<Map<string, SourceHealth>> {
  const rows = await db.query('SELECT source, last_ok_at, consecutive_failures, last_error FROM deprecation_sources');
  return new Map(
    rows.map((row) => {
      const r = SourceRow.parse(row);
      return [r.source, { source: r.source, lastOkAt: r.last_ok_at, consecutiveFailures: r.consecutive_failures, lastError: r.last_error }];
    }),
  );
}
