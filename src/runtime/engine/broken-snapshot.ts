import { SnapshotError } from '../../domain/errors.js';
import type { FindingDraft } from '../../domain/finding.js';
import { readSideSnapshot, readSnapshot, type Snapshot } from '../../snapshots/index.js';
import { SIDE_CANARY } from './side-checks.js';

/** The baseline of a pair as read at the start of a run, or why it could not be read. */
export type BaselineRead = { ok: true; snapshot: Snapshot | null } | { ok: false; error: SnapshotError };

/**
 * Reads the reviewed baseline. A `baseline` run records a fresh one, so a broken file there is
 * simply replaced; any other run reports it (see snapshotBrokenDraft) instead of measuring.
 */
export function readBaseline(dir: string, target: string, canary: string, mode: 'check' | 'baseline' | 'grow'): BaselineRead {
  try {
    return { ok: true, snapshot: readSnapshot(dir, target, canary) };
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    return mode === 'baseline' ? { ok: true, snapshot: null } : { ok: false, error };
  }
}

/** What to do about a snapshot file that cannot be read: fix it, or record it again. */
export function snapshotRemedy(target: string, canary: string): string {
  return `fix the file (git diff, git checkout) or record it again with tripline baseline --target ${target} --canary ${canary}`;
}

/**
 * A broken snapshot file is an operational problem of its pair: nothing can be compared, so the
 * run sends no request, and the finding says which file and what to do.
 */
export function snapshotBrokenDraft(error: SnapshotError, target: string, canary: string): FindingDraft {
  return {
    kind: 'availability.snapshot_broken',
    severity: 'warning',
    subject: canary,
    summary: `the baseline of ${target} × ${canary} cannot be read: ${error.message}`,
    evidence: { error: error.message },
    action: `Nothing is compared for this pair until the file is readable: ${snapshotRemedy(target, canary)}.`,
  };
}

/**
 * `path: what is wrong: what to do` for each pair whose baseline file cannot be read: `check`
 * refuses to run on them (exit 2) instead of reporting a cycle that compared nothing.
 */
export function unreadableBaselines(dir: string, pairs: readonly { target: string; canary: string }[]): string[] {
  const lines = new Set<string>();
  for (const { target, canary } of pairs) {
    try {
      if (canary === SIDE_CANARY) readSideSnapshot(dir, target);
      else readSnapshot(dir, target, canary);
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      lines.add(`${error.message}: ${snapshotRemedy(target, canary)}`);
    }
  }
  return [...lines];
}
