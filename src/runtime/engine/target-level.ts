import type { FindingKind } from '../../domain/finding.js';
import type { Sql } from '../../storage/index.js';

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
export async function ownedByAnotherCanary(
  db: Sql,
  scope: { target: string; canary: string },
  kind: FindingKind,
  subject: string,
  confirm: number,
): Promise<boolean> {
  const suffix = `|${kind}|${subject}`;
  const rows = await db.query<OwnerRow>('SELECT key, streak, first_seen FROM finding_streaks WHERE key >= ? AND key < ? AND streak >= ?', [
    `${scope.target}|`,
    `${scope.target}|\uffff`,
    confirm,
  ]);
  const holders = rows
    .filter((r) => r.key.endsWith(suffix) && r.key.split('|').length === 4)
    .map((r) => ({ canary: r.key.split('|')[1] ?? '', firstSeen: r.first_seen ?? '' }))
    .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.canary.localeCompare(b.canary));
  const owner = holders[0];
  return owner !== undefined && owner.canary !== scope.canary;
}
