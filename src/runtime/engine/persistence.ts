import { isTargetLevel, type FindingDraft } from '../../domain/finding.js';
import type { Db } from '../state/store.js';
import { ownedByAnotherCanary } from './target-level.js';
import { prepared } from '../state/prepared.js';

export type CandidateDraft = FindingDraft & { confirmCycles?: number };

interface StreakRow {
  key: string;
  streak: number;
}

/**
 * Consecutive-cycle persistence: a candidate is reported once it has been seen in `confirmCycles`
 * consecutive cycles of its (target, canary). A cycle without the candidate resets its streak.
 * Returns the drafts to report this cycle.
 */
export function applyPersistence(
  db: Db,
  scope: { target: string; canary: string },
  candidates: CandidateDraft[],
  defaultConfirm: number,
  cycleAt: string,
): FindingDraft[] {
  const prefix = `${scope.target}|${scope.canary}|`;
  const keyOf = (d: CandidateDraft): string => `${prefix}${d.kind}|${d.subject ?? ''}`;
  const existing = new Map(
    prepared(db, 'SELECT key, streak FROM finding_streaks WHERE key >= ? AND key < ?')
      .all(prefix, `${prefix}\uffff`)
      .map((r) => {
        const row = r as StreakRow;
        return [row.key, row.streak] as const;
      }),
  );
  const upsert = prepared(
    db,
    `INSERT INTO finding_streaks (key, streak, last_cycle, finding, first_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET streak = excluded.streak, last_cycle = excluded.last_cycle, finding = excluded.finding`,
  );
  const remove = prepared(db, 'DELETE FROM finding_streaks WHERE key = ?');
  const confirmed: FindingDraft[] = [];
  db.transaction(() => {
    const seen = new Set<string>();
    for (const candidate of candidates) {
      const key = keyOf(candidate);
      if (seen.has(key)) continue;
      seen.add(key);
      const streak = (existing.get(key) ?? 0) + 1;
      upsert.run(key, streak, cycleAt, JSON.stringify(candidate), cycleAt);
      const { confirmCycles, ...draft } = candidate;
      const confirm = confirmCycles ?? defaultConfirm;
      if (streak < confirm) continue;
      if (isTargetLevel(draft.kind) && ownedByAnotherCanary(db, scope, draft.kind, draft.subject ?? '', confirm)) continue;
      confirmed.push(draft);
    }
    for (const key of existing.keys()) if (!seen.has(key)) remove.run(key);
  })();
  return confirmed;
}

/** Forget every streak of a (target, canary), e.g. after a new baseline is accepted. */
export function clearPersistence(db: Db, scope: { target: string; canary: string }): void {
  const prefix = `${scope.target}|${scope.canary}|`;
  prepared(db, 'DELETE FROM finding_streaks WHERE key >= ? AND key < ?').run(prefix, `${prefix}\uffff`);
  prepared(db, 'DELETE FROM probe_state WHERE target = ? AND canary = ?').run(scope.target, scope.canary);
}

/** Drops streaks of pairs no longer configured, so a removed canary cannot keep owning a finding. */
export function pruneStreaks(db: Db, pairs: readonly { target: string; canary: string }[]): void {
  const valid = new Set(pairs.map((p) => `${p.target}|${p.canary}|`));
  const rows = db.prepare('SELECT key FROM finding_streaks').all() as { key: string }[];
  const remove = db.prepare('DELETE FROM finding_streaks WHERE key = ?');
  for (const { key } of rows) {
    const [target, canary] = key.split('|');
    if (!valid.has(`${target}|${canary}|`)) remove.run(key);
  }
}
