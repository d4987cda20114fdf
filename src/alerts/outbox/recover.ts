import type { Sql } from '../../storage/index.js';

/**
 * Called by the one writer of a state (it holds the state lock, so no other sender is alive): a
 * delivery still claimed was being sent when a previous process died. Its lease is ended so it is
 * sent again now rather than after the lease, and `claimed_until` stays set: the next send knows the
 * delivery is in doubt and lets the channel look for the earlier copy (Slack) before posting.
 */
export async function recoverInterruptedDeliveries(db: Sql): Promise<number> {
  const result = await db.run(
    "UPDATE alert_deliveries SET claim_token = NULL, claimed_until = 0 WHERE status = 'pending' AND claimed_until IS NOT NULL",
  );
  return result.changes;
}
