import { isTargetLevel, type FindingDraft, type FindingKind } from '../../domain/finding.js';
import { ownedByAnotherCanary } from './target-level.js';
import type { Fence, Sql } from '../../storage/index.js';
import type { CandidateDraft } from '../../probes/types.js';

/** The consecutive sightings a candidate needs before it is reported. */
export function sightingsFor(candidate: Pick<CandidateDraft, 'confirmCycles' | 'extraSightings'>, configured: number): number {
  return (candidate.confirmCycles ?? configured) + (candidate.extraSightings ?? 0);
}

/** A finding as the streak table names it (two of its key columns): no subject is the empty subject. */
interface FindingRef {
  kind: FindingKind;
  subject: string;
}

/** A streak of one (target, canary). */
interface StreakRow extends FindingRef {
  streak: number;
}

const findingOf = (d: CandidateDraft): FindingRef => ({ kind: d.kind, subject: d.subject ?? '' });
const sameFinding = (a: FindingRef, b: FindingRef): boolean => a.kind === b.kind && a.subject === b.subject;

const UPSERT = `INSERT INTO finding_streaks (target, canary, kind, subject, streak, last_cycle, finding, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (target, canary, kind, subject) DO UPDATE SET streak = excluded.streak, last_cycle = excluded.last_cycle, finding = excluded.finding`;
const REMOVE = 'DELETE FROM finding_streaks WHERE target = ? AND canary = ? AND kind = ? AND subject = ?';

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
  const confirmed: FindingDraft[] = [];
  // Fenced: a superseded leader neither moves streaks nor confirms anything.
  const written = await fence.write((db) => db.transaction(async (tx) => {
    const existing = await tx.query<StreakRow>('SELECT kind, subject, streak FROM finding_streaks WHERE target = ? AND canary = ?', [
      scope.target,
      scope.canary,
    ]);
    // A pair has a handful of candidates at most: a list search is cheaper than building keys.
    const seen: FindingRef[] = [];
    for (const candidate of candidates) {
      const finding = findingOf(candidate);
      if (seen.some((s) => sameFinding(s, finding))) continue;
      seen.push(finding);
      const streak = (existing.find((row) => sameFinding(row, finding))?.streak ?? 0) + 1;
      await tx.run(UPSERT, [scope.target, scope.canary, finding.kind, finding.subject, streak, cycleAt, JSON.stringify(candidate), cycleAt]);
      const { confirmCycles: _own, extraSightings: _extra, ...draft } = candidate;
      const confirm = sightingsFor(candidate, defaultConfirm);
      if (streak < confirm) continue;
      if (isTargetLevel(draft.kind) && (await ownedByAnotherCanary(tx, scope, finding.kind, finding.subject, confirm))) continue;
      confirmed.push(draft);
    }
    for (const row of existing) {
      if (!seen.some((s) => sameFinding(s, row))) await tx.run(REMOVE, [scope.target, scope.canary, row.kind, row.subject]);
    }
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
  const rows = await db.query<StreakRow & { finding: string }>(
    'SELECT kind, subject, streak, finding FROM finding_streaks WHERE target = ? AND canary = ?',
    [scope.target, scope.canary],
  );
  const open: Suspicion[] = [];
  for (const row of rows) {
    const candidate = JSON.parse(row.finding) as CandidateDraft;
    const confirm = sightingsFor(candidate, defaultConfirm);
    if (row.streak >= confirm) continue;
    if (isTargetLevel(row.kind) && (await ownedByAnotherCanary(db, scope, row.kind, row.subject, confirm))) continue;
    open.push({ kind: row.kind, subject: row.subject, sightingsNeeded: confirm - row.streak });
  }
  return open;
}

/** Forget every streak of a (target, canary), e.g. after a new baseline is accepted. */
export async function clearPersistence(fence: Fence, scope: { target: string; canary: string }): Promise<void> {
  await fence.write(async (tx) => {
    await tx.run('DELETE FROM finding_streaks WHERE target = ? AND canary = ?', [scope.target, scope.canary]);
    await tx.run('DELETE FROM probe_state WHERE target = ? AND canary = ?', [scope.target, scope.canary]);
  });
}

/**
 * Drops streaks of pairs no longer configured, so a removed canary cannot keep owning a finding.
 * Fenced like every other streak write: a standby or superseded replica (perhaps with an older
 * config) must not delete what the leader's pairs own. Returns false when the fence refused.
 */
export async function pruneStreaks(fence: Fence, pairs: readonly { target: string; canary: string }[]): Promise<boolean> {
  const configured = new Set(pairs.map((p) => JSON.stringify([p.target, p.canary])));
  const done = await fence.write(async (tx) => {
    const held = await tx.query<{ target: string; canary: string }>('SELECT DISTINCT target, canary FROM finding_streaks');
    for (const pair of held) {
      if (!configured.has(JSON.stringify([pair.target, pair.canary]))) {
        await tx.run('DELETE FROM finding_streaks WHERE target = ? AND canary = ?', [pair.target, pair.canary]);
      }
    }
  });
  return done.ok;
}
