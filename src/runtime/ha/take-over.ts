import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { recoverInterruptedDeliveries } from '../../alerts/outbox/recover.js';
import type { Sql } from '../../storage/index.js';
import type { EpochFence } from './fence.js';

/**
 * What a replica does once it holds the leader lock, before it schedules anything: take a new
 * epoch (which waits for the previous leader's fenced writes in flight and refuses all later ones),
 * then end the outbox leases of older epochs so that a delivery in doubt is retried now, not after
 * its lease; the channel's in-doubt lookup (Slack) keeps it from being posted twice.
 */
export async function takeOver(deps: { fence: EpochFence; db: Sql; logger: Logger }): Promise<number> {
  const epoch = await deps.fence.takeLead(`${hostname()}:${process.pid}`);
  const recovered = await recoverInterruptedDeliveries(deps.db, epoch);
  deps.logger.info({ epoch, recovered }, 'leader epoch taken');
  return epoch;
}
