import { isTargetLevel, type FindingDraft } from '../../domain/finding.js';
import { ownedByAnotherCanary } from './target-level.js';
import type { Sql } from '../../storage/index.js';

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
export async function applyPersistence(
  db: Sql,
  scope: { target: string; canary: string },
  candidates: CandidateDraft[],
  defaultConfirm: number,
  cycleAt: string,
): Promise<FindingDraft[]> {
  const prefix = `${scope.target}|${scope.canary}|`;
  const keyOf = (d: CandidateDraft): string => `${prefix}${d.kind}|${d.subject ?? ''}`;
  const upsert = `INSERT INTO finding_streaks (key, streak, last_cycle, finding, first_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET streak = excluded.streak, last_cycle = excluded.last_cycle, finding = excluded.finding`;
  const remove = 'DELETE FROM finding_streaks WHERE key = ?';
  const confirmed: FindingDraft[] = [];
  await db.transaction(async (tx) => {
    const existing = new Map(
      (await tx.query<StreakRow>('SELECT key, streak FROM finding_streaks WHERE key >= ? AND key < ?', [prefix, `${prefix}\uffff`])).map(
        (row) => [row.key, row.streak] as const,
      ),
    );
    const seen = new Set<string>();
    for (const candidate of candidates) {
      const key = keyOf(candidate);
      if (seen.has(key)) continue;
      seen.add(key);
      const streak = (existing.get(key) ?? 0) + 1;
      await tx.run(upsert, [key, streak, cycleAt, JSON.stringify(candidate), cycleAt]);
      const { confirmCycles, ...draft } = candidate;
      const confirm = confirmCycles ?? defaultConfirm;
      if (streak < confirm) continue;
      if (isTargetLevel(draft.kind) && (await ownedByAnotherCanary(tx, scope, draft.kind, draft.subject ?? '', confirm))) continue;
      confirmed.push(draft);
    }
    for (const key of existing.keys()) if (!seen.has(key)) await tx.run(remove, [key]);
  });
  return confirmed;
}

/** Forget every streak of a (target, canary), e.g. after a new baseline is accepted. */
export async function clearPersistence(db: Sql, scope: { target: string; canary: string }): Promise<void> {
  const prefix = `${scope.target}|${scope.canary}|`;
  await db.run('DELETE FROM finding_streaks WHERE key >= ? AND key < ?', [prefix, `${prefix}\uffff`]);
  await db.run('DELETE FROM probe_state WHERE target = ? AND canary = ?', [scope.target, scope.canary]);
}

/** Drops streaks of pairs no longer configured, so a removed canary cannot keep owning a finding. */
export async function pruneStreaks(db: Sql, pairs: readonly { target: string; canary: string }[]): Promise<void> {
  const valid = new Set(pairs.map((p) => `${p.target}|${p.canary}|`));
  const rows = await db.query<{ key: string }>('SELECT key FROM finding_streaks');
  for (const { key } of rows) {
    const [target, canary] = key.split('|');
    if (!valid.has(`${target}|${canary}|`)) await db.run('DELETE FROM finding_streaks WHERE key = ?', [key]);
  }
}
