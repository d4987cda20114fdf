import type { FindingKind } from '../../domain/finding.js';
import type { Db } from '../state/store.js';
import { prepared } from '../state/prepared.js';

interface OwnerRow {
  key: string;
  streak: number;
  first_seen: string | null;
}

/**
 * True when another canary of the target confirmed the same (kind, subject) first. Ownership is
 * the earliest first sighting (ties: canary id), so it stays put while the condition lasts and
 * passes on only when the owner stops seeing it.
 */
export function ownedByAnotherCanary(
  db: Db,
  scope: { target: string; canary: string },
  kind: FindingKind,
  subject: string,
  confirm: number,
): boolean {
  const suffix = `|${kind}|${subject}`;
  const rows = prepared(db, 'SELECT key, streak, first_seen FROM finding_streaks WHERE key >= ? AND key < ? AND streak >= ?')
    .all(`${scope.target}|`, `${scope.target}|\uffff`, confirm) as OwnerRow[];
  const holders = rows
    .filter((r) => r.key.endsWith(suffix) && r.key.split('|').length === 4)
    .map((r) => ({ canary: r.key.split('|')[1] ?? '', firstSeen: r.first_seen ?? '' }))
    .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.canary.localeCompare(b.canary));
  const owner = holders[0];
  return owner !== undefined && owner.canary !== scope.canary;
}
