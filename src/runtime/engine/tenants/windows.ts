import { z } from 'zod';
import type { SampleRecord } from '../../../probes/types.js';
import { SampleRecord as SampleRecordSchema } from '../../../snapshots/index.js';
import type { Fence, Sql } from '../../../storage/index.js';

const StoredSamples = z.array(SampleRecordSchema);

/** A member's latest window of one canary, as its peers read it. */
export interface TenantWindow {
  target: string;
  at: string;
  ownFired: boolean;
  samples: SampleRecord[];
}

interface WindowRow {
  target: string;
  at: string;
  own_fired: number;
  samples: string;
}

/**
 * Keeps only the latest window per (target, canary): a peer is compared with what the other
 * member measured last, never with a pool. Bounded: one row per pair, replaced every run. Fenced
 * like probe state: a superseded leader does not write what its peers will be judged against.
 */
export async function writeWindow(
  fence: Fence,
  row: { target: string; canary: string; canaryHash: string; at: string; ownFired: boolean; samples: readonly SampleRecord[] },
): Promise<void> {
  const upsert = `INSERT INTO tenant_windows (target, canary, canary_hash, at, own_fired, samples) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(target, canary) DO UPDATE SET canary_hash = excluded.canary_hash, at = excluded.at, own_fired = excluded.own_fired, samples = excluded.samples`;
  const values = [row.target, row.canary, row.canaryHash, row.at, row.ownFired ? 1 : 0, JSON.stringify(row.samples)];
  await fence.write((db) => db.run(upsert, values));
}

/** The peers' latest windows of this canary as it is now (same hash), measured at or after `since`. */
export async function readPeerWindows(
  db: Sql,
  scope: { peers: readonly string[]; canary: string; canaryHash: string; since: string },
): Promise<TenantWindow[]> {
  const out: TenantWindow[] = [];
  for (const target of scope.peers) {
    const row = await db.get<WindowRow>(
      'SELECT target, at, own_fired, samples FROM tenant_windows WHERE target = ? AND canary = ? AND canary_hash = ? AND at >= ?',
      [target, scope.canary, scope.canaryHash, scope.since],
    );
    if (!row) continue;
    // A row this version cannot read (written by another one) is as good as no window: no comparison.
    const samples = StoredSamples.safeParse(JSON.parse(row.samples));
    if (samples.success) out.push({ target: row.target, at: row.at, ownFired: row.own_fired === 1, samples: samples.data as SampleRecord[] });
  }
  return out;
}
