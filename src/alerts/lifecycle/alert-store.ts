import type { Finding } from '../../domain/finding.js';
import type { Db } from '../../runtime/state/store.js';
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

/** The SQL behind the alert lifecycle; callers wrap a cycle in one transaction. */
export function createAlertStore(db: Db) {
  const parse = (row: unknown): AlertRow => AlertRow.parse(row);
  // The daemon runs a cycle per (target, canary) run: read only the rows it can touch, not every active alert.
  const activeFor = db.prepare(
    `SELECT * FROM alerts WHERE state != 'resolved' AND key IN (SELECT value FROM json_each(?))
     UNION SELECT * FROM alerts WHERE state != 'resolved' AND target IN (SELECT value FROM json_each(?)) ORDER BY id`,
  );
  const openToAnnounce = db.prepare(
    // The partial index (migration 0201) holds open rows only; resolved history is never scanned.
    "SELECT * FROM alerts INDEXED BY alerts_open_notified WHERE state = 'open' AND (announced != 1 OR last_notified_at <= ?) ORDER BY id",
  );
  return {
    /** Candidate and open alerts. */
    active(): AlertRow[] {
      return db.prepare("SELECT * FROM alerts WHERE state != 'resolved' ORDER BY id").all().map(parse);
    },
    /** Candidate and open alerts with one of these keys or targets: what one cycle can touch. */
    activeFor(keys: readonly string[], targets: readonly string[]): AlertRow[] {
      return activeFor.all(JSON.stringify(keys), JSON.stringify(targets)).map(parse);
    },
    /** Open alerts not yet announced, or whose last notice is at or before `notifiedBefore` (epoch ms). */
    openToAnnounce(notifiedBefore: number | null): AlertRow[] {
      return openToAnnounce.all(notifiedBefore).map(parse);
    },
    get(id: number): AlertRow {
      return parse(db.prepare('SELECT * FROM alerts WHERE id = ?').get(id));
    },
    /** A new candidate alert for `finding`. */
    insert(key: string, finding: Finding, nowIso: string, groupedTargets?: string[]): AlertRow {
      const info = db
        .prepare(
          `INSERT INTO alerts (key, state, target, canary, kind, finding, evidence_hash, grouped_targets, first_seen_at, last_seen_at)
           VALUES (?, 'candidate', ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          key,
          finding.target,
          finding.canary ?? null,
          finding.kind,
          JSON.stringify(finding),
          materialHash(finding, groupedTargets),
          groupedTargets ? JSON.stringify(groupedTargets) : null,
          nowIso,
          nowIso,
        );
      return this.get(Number(info.lastInsertRowid));
    },
    update(id: number, p: AlertPatch): void {
      const sets: [string, string | number | null][] = [];
      if (p.state !== undefined) sets.push(['state', p.state]);
      if (p.finding !== undefined) sets.push(['finding', JSON.stringify(p.finding)]);
      if (p.evidenceHash !== undefined) sets.push(['evidence_hash', p.evidenceHash]);
      if (p.window !== undefined) sets.push(['window', p.window]);
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
      db.prepare(sql).run(...sets.map(([, v]) => v), id);
    },
    /** A candidate that never opened leaves no trace. */
    remove(id: number): void {
      db.prepare("DELETE FROM alerts WHERE id = ? AND state = 'candidate'").run(id);
    },
    /** The deterministic id of the next `type` event of `alertKey` (see event-id.ts). */
    nextEventId(alertKey: string, type: AlertEventType): string {
      const count = db.prepare('SELECT COUNT(*) FROM alert_events WHERE alert_key = ? AND type = ?').pluck().get(alertKey, type);
      return alertEventId(alertKey, type, Number(count) + 1);
    },
    /** Writes the event and one pending delivery per channel (none when silenced): the outbox. */
    recordEvent(event: AlertEvent, alertId: number | null, channels: readonly string[], nowMs: number): void {
      const info = db
        .prepare('INSERT INTO alert_events (id, alert_id, alert_key, type, created_at, silenced_by, event) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(event.id, alertId, event.alertKey, event.type, nowMs, event.silencedBy ?? null, JSON.stringify(event));
      const add = db.prepare(
        'INSERT INTO alert_deliveries (event_seq, channel, created_at, next_attempt_at) VALUES (?, ?, ?, ?)',
      );
      if (event.silencedBy === undefined) for (const c of channels) add.run(info.lastInsertRowid, c, nowMs, nowMs);
    },
  };
}
export type AlertStore = ReturnType<typeof createAlertStore>;
