import type { Sql } from '../../storage/index.js';

/**
 * A delivery still claimed by a sender that is gone was being sent when that sender died (or was
 * fenced out). Its lease is ended so that it is sent again now rather than after the lease, and
 * `claimed_until` stays set: the next send knows the delivery is in doubt and lets the channel look
 * for the earlier copy (Slack) before posting.
 *
 * Called by the one writer of a SQLite state (it holds the state lock, so no other sender is
 * alive), and by a new leader on PostgreSQL with `beforeEpoch`, its own epoch: every lease of an
 * older epoch belongs to a leader the fence now refuses, so none of them can still be finished.
 */
export async function recoverInterruptedDeliveries(db: Sql, beforeEpoch?: number): Promise<number> {
  const result =
    beforeEpoch === undefined
      ? await db.run("UPDATE alert_deliveries SET claim_token = NULL, claimed_until = 0 WHERE status = 'pending' AND claimed_until IS NOT NULL")
      : await db.run(
          `UPDATE alert_deliveries SET claim_token = NULL, claimed_until = 0
           WHERE status = 'pending' AND claimed_until IS NOT NULL AND (claim_epoch IS NULL OR claim_epoch < ?)`,
          [beforeEpoch],
        );
  return result.changes;
}
