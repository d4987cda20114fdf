import type { Finding } from '../../domain/finding.js';
import type { Sql } from '../../storage/index.js';
import type { AlertEvent, AlertEventType } from '../types.js';
import { alertEventId } from './event-id.js';
import { materialHash } from './material.js';
import { AlertRow, type AlertState } from './rows.js';

/** Columns a cycle may change on an alert row. */
export interface AlertPatch {
  state?: AlertState;
  finding?: Finding;
  /** materialHash of what people were last told (set on opening and on each update sent). */
  evidenceHash?: string;
  window?: string;
  absentCycles?: number;
  announced?: boolean;
  channels?: string[];
  openedAt?: string;
  lastSeenAt?: string;
  lastNotifiedAt?: number;
  resolvedAt?: string;
  resolution?: string;
}

/** The SQL behind the alert lifecycle; callers wrap a cycle in one transaction and pass its handle. */
export function createAlertStore(db: Sql) {
  const parse = (row: unknown): AlertRow => AlertRow.parse(row);
  // The daemon runs a cycle per (target, canary) run: read only the rows it can touch, not every active alert.
  const list = db.dialect === 'sqlite' ? '(SELECT value FROM json_each(?))' : '(SELECT jsonb_array_elements_text(CAST(? AS jsonb)))';
  const activeFor = `SELECT * FROM alerts WHERE state != 'resolved' AND key IN ${list}
     UNION SELECT * FROM alerts WHERE state != 'resolved' AND target IN ${list} ORDER BY id`;
  // The partial index (migration 0201) holds open rows only; resolved history is never scanned.
  const openToAnnounce = `SELECT * FROM alerts ${db.dialect === 'sqlite' ? 'INDEXED BY alerts_open_notified ' : ''}WHERE state = 'open'
     AND (announced != 1 OR last_notified_at <= ?) ORDER BY id`;
  return {
    /** Candidate and open alerts. */
    async active(): Promise<AlertRow[]> {
      return (await db.query("SELECT * FROM alerts WHERE state != 'resolved' ORDER BY id")).map(parse);
    },
    /** Candidate and open alerts with one of these keys or targets: what one cycle can touch. */
    async activeFor(keys: readonly string[], targets: readonly string[]): Promise<AlertRow[]> {
      return (await db.query(activeFor, [JSON.stringify(keys), JSON.stringify(targets)])).map(parse);
    },
    /** Open alerts not yet announced, or whose last notice is at or before `notifiedBefore` (epoch ms). */
    async openToAnnounce(notifiedBefore: number | null): Promise<AlertRow[]> {
      return (await db.query(openToAnnounce, [notifiedBefore])).map(parse);
    },
    async get(id: number): Promise<AlertRow> {
      return parse(await db.get('SELECT * FROM alerts WHERE id = ?', [id]));
    },
    /** A new candidate alert for `finding`. */
    async insert(key: string, finding: Finding, nowIso: string, groupedTargets?: string[]): Promise<AlertRow> {
      const row = await db.get(
        `INSERT INTO alerts (key, state, target, canary, kind, finding, evidence_hash, grouped_targets, first_seen_at, last_seen_at)
         VALUES (?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [
          key,
          finding.target,
          finding.canary ?? null,
          finding.kind,
          JSON.stringify(finding),
          materialHash(finding, groupedTargets),
          groupedTargets ? JSON.stringify(groupedTargets) : null,
          nowIso,
          nowIso,
        ],
      );
      return parse(row);
    },
    async update(id: number, p: AlertPatch): Promise<void> {
      const sets: [string, string | number | null][] = [];
      if (p.state !== undefined) sets.push(['state', p.state]);
      if (p.finding !== undefined) sets.push(['finding', JSON.stringify(p.finding)]);
      if (p.evidenceHash !== undefined) sets.push(['evidence_hash', p.evidenceHash]);
      // Quoted: WINDOW is a reserved word in PostgreSQL.
      if (p.window !== undefined) sets.push(['"window"', p.window]);
      if (p.absentCycles !== undefined) sets.push(['absent_cycles', p.absentCycles]);
      if (p.announced !== undefined) sets.push(['announced', p.announced ? 1 : 0]);
      if (p.channels !== undefined) sets.push(['channels', JSON.stringify(p.channels)]);
      if (p.openedAt !== undefined) sets.push(['opened_at', p.openedAt]);
      if (p.lastSeenAt !== undefined) sets.push(['last_seen_at', p.lastSeenAt]);
      if (p.lastNotifiedAt !== undefined) sets.push(['last_notified_at', p.lastNotifiedAt]);
      if (p.resolvedAt !== undefined) sets.push(['resolved_at', p.resolvedAt]);
      if (p.resolution !== undefined) sets.push(['resolution', p.resolution]);
      if (sets.length === 0) return;
      const sql = `UPDATE alerts SET ${sets.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`;
      await db.run(sql, [...sets.map(([, v]) => v), id]);
    },
    /** A candidate that never opened leaves no trace. */
    async remove(id: number): Promise<void> {
      await db.run("DELETE FROM alerts WHERE id = ? AND state = 'candidate'", [id]);
    },
    /** The deterministic id of the next `type` event of `alertKey` (see event-id.ts). */
    async nextEventId(alertKey: string, type: AlertEventType): Promise<string> {
      const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM alert_events WHERE alert_key = ? AND type = ?', [alertKey, type]);
      return alertEventId(alertKey, type, Number(row?.n ?? 0) + 1);
    },
    /** Writes the event and one pending delivery per channel (none when silenced): the outbox. */
    async recordEvent(event: AlertEvent, alertId: number | null, channels: readonly string[], nowMs: number): Promise<void> {
      const stored = await db.get<{ seq: number }>(
        'INSERT INTO alert_events (id, alert_id, alert_key, type, created_at, silenced_by, event) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq',
        [event.id, alertId, event.alertKey, event.type, nowMs, event.silencedBy ?? null, JSON.stringify(event)],
      );
      if (event.silencedBy !== undefined || !stored) return;
      for (const c of channels) {
        await db.run('INSERT INTO alert_deliveries (event_seq, channel, created_at, next_attempt_at) VALUES (?, ?, ?, ?)', [
          stored.seq,
          c,
          nowMs,
          nowMs,
        ]);
      }
    },
  };
}
export type AlertStore = ReturnType<typeof createAlertStore>;
