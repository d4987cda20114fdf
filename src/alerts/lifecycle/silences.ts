import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../../storage/index.js';
import { Match } from '../channels/base-schema.js';

/** A silence created from the command line, kept with its audit trail. */
export interface StoredSilence {
  /** Short id, used by `tripline silence remove`. */
  id: string;
  match: Match;
  reason?: string;
  /** Who created it (the OS user running the command). */
  author?: string;
  /** ISO times. */
  createdAt: string;
  until: string;
  /** Set when removed before expiry. */
  removedAt?: string;
  removedBy?: string;
}

const SilenceRow = z.object({
  id: z.string(),
  match: z.string().transform((t) => Match.parse(JSON.parse(t))),
  reason: z.string().nullable(),
  author: z.string().nullable(),
  created_at: z.string(),
  until: z.string(),
  removed_at: z.string().nullable(),
  removed_by: z.string().nullable(),
});

function toSilence(row: unknown): StoredSilence {
  const r = SilenceRow.parse(row);
  return {
    id: r.id,
    match: r.match,
    createdAt: r.created_at,
    until: r.until,
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.author !== null ? { author: r.author } : {}),
    ...(r.removed_at !== null ? { removedAt: r.removed_at } : {}),
    ...(r.removed_by !== null ? { removedBy: r.removed_by } : {}),
  };
}

/** Stores a silence lasting `forMs` from `nowMs`; returns it. */
export async function addSilence(
  db: Sql,
  input: { match: Match; forMs: number; reason?: string; author?: string; nowMs: number },
): Promise<StoredSilence> {
  const id = `s-${randomBytes(4).toString('hex')}`;
  const createdAt = new Date(input.nowMs).toISOString();
  const until = new Date(input.nowMs + input.forMs).toISOString();
  await db.run('INSERT INTO silences (id, match, reason, author, created_at, until) VALUES (?, ?, ?, ?, ?, ?)', [
    id,
    JSON.stringify(input.match),
    input.reason ?? null,
    input.author ?? null,
    createdAt,
    until,
  ]);
  return toSilence(await db.get('SELECT * FROM silences WHERE id = ?', [id]));
}

/** Every silence ever stored (expired and removed ones too: the audit trail), newest first. */
export async function listSilences(db: Sql): Promise<StoredSilence[]> {
  return (await db.query('SELECT * FROM silences ORDER BY created_at DESC, id')).map(toSilence);
}

/** Silences in force at `nowMs`. */
export async function activeSilences(db: Sql, nowMs: number): Promise<StoredSilence[]> {
  return (await listSilences(db)).filter((s) => s.removedAt === undefined && Date.parse(s.until) > nowMs);
}

/** Ends a silence early, keeping the row; false when no active silence has that id. */
export async function removeSilence(db: Sql, id: string, nowMs: number, by?: string): Promise<boolean> {
  const info = await db.run('UPDATE silences SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL', [
    new Date(nowMs).toISOString(),
    by ?? null,
    id,
  ]);
  return info.changes === 1;
}
