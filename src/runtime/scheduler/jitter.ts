import { createHash } from 'node:crypto';

/** Default jitter ceiling for a schedule: 10% of its interval, at most 30 s. */
export function defaultMaxJitterMs(intervalMs: number): number {
  return Math.max(0, Math.min(30_000, Math.floor(intervalMs * 0.1)));
}

/**
 * A stable offset in [0, maxMs) for a key: the same pair always fires at the same offset after its
 * slot, and a fleet of pairs spreads evenly instead of firing at :00.
 */
export function jitterMs(key: string, maxMs: number): number {
  if (maxMs <= 0) return 0;
  const digest = createHash('sha1').update(key).digest();
  return digest.readUInt32BE(0) % Math.floor(maxMs);
}
