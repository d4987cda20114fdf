import { isTargetLevel, type FindingDraft, type FindingKind } from '../../domain/finding.js';
import { ownedByAnotherCanary } from './target-level.js';
import type { Fence, Sql } from '../../storage/index.js';

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
  fence: Fence,
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
  // Fenced: a superseded leader neither moves streaks nor confirms anything.
  const written = await fence.write((db) => db.transaction(async (tx) => {
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
  }));
  return written.ok ? confirmed : [];
}

/** A candidate seen, but not yet in as many consecutive sightings as it needs to be reported. */
export interface Suspicion {
  kind: FindingKind;
  subject: string;
  /** Further agreeing sightings (fresh runs) it needs before it is reported. */
  sightingsNeeded: number;
}

/**
 * The open suspicions of a (target, canary): candidates whose streak is short of their
 * `confirmCycles`. A target-level candidate that another canary of the target already confirmed
 * is not open: that canary reports it, so re-running this one would confirm nothing new.
 */
export async function openSuspicions(db: Sql, scope: { target: string; canary: string }, defaultConfirm: number): Promise<Suspicion[]> {
  const prefix = `${scope.target}|${scope.canary}|`;
  const rows = await db.query<{ key: string; streak: number; finding: string }>(
    'SELECT key, streak, finding FROM finding_streaks WHERE key >= ? AND key < ?',
    [prefix, `${prefix}\uffff`],
  );
  const open: Suspicion[] = [];
  for (const row of rows) {
    const candidate = JSON.parse(row.finding) as CandidateDraft;
    const confirm = candidate.confirmCycles ?? defaultConfirm;
    if (row.streak >= confirm) continue;
    const subject = candidate.subject ?? '';
    if (isTargetLevel(candidate.kind) && (await ownedByAnotherCanary(db, scope, candidate.kind, subject, confirm))) continue;
    open.push({ kind: candidate.kind, subject, sightingsNeeded: confirm - row.streak });
  }
  return open;
}

/** Forget every streak of a (target, canary), e.g. after a new baseline is accepted. */
export async function clearPersistence(fence: Fence, scope: { target: string; canary: string }): Promise<void> {
  const prefix = `${scope.target}|${scope.canary}|`;
  await fence.write(async (tx) => {
    await tx.run('DELETE FROM finding_streaks WHERE key >= ? AND key < ?', [prefix, `${prefix}\uffff`]);
    await tx.run('DELETE FROM probe_state WHERE target = ? AND canary = ?', [scope.target, scope.canary]);
  });
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
