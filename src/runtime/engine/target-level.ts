import type { FindingKind } from '../../domain/finding.js';
import type { Sql } from '../../storage/index.js';

interface HolderRow {
  canary: string;
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
  const rows = await db.query<HolderRow>(
    'SELECT canary, first_seen FROM finding_streaks WHERE target = ? AND kind = ? AND subject = ? AND streak >= ?',
    [scope.target, kind, subject, confirm],
  );
  const holders = rows
    .map((r) => ({ canary: r.canary, firstSeen: r.first_seen ?? '' }))
    .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.canary.localeCompare(b.canary));
  const owner = holders[0];
  return owner !== undefined && owner.canary !== scope.canary;
}
