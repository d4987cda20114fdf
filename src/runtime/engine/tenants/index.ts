import type { Canary } from '../../../config/canary-schema.js';
import type { TriplineConfig } from '../../../config/schema.js';
import { cronRunsPerDay } from '../../../domain/cron.js';
import { isDrift, type FindingDraft } from '../../../domain/finding.js';
import type { SuccessObservation } from '../../../domain/observation.js';
import type { ProbeContext } from '../../../probes/types.js';
import { canaryHash, toSampleRecord } from '../../../snapshots/index.js';
import type { Fence, Sql } from '../../../storage/index.js';
import { compareWindows } from './compare.js';
import { divergenceDraft } from './divergence.js';
import { readPeerWindows, writeWindow } from './windows.js';

export { compareWindows, comparedProbes, type TenantTest } from './compare.js';
export { divergenceDraft, type PeerComparison } from './divergence.js';

/** The sameAs group a target belongs to, with the other members; null when it is in none. */
export function sameAsGroupOf(config: Pick<TriplineConfig, 'sameAs'>, target: string): { group: string; peers: string[] } | null {
  for (const [group, members] of Object.entries(config.sameAs)) {
    if (members.includes(target)) return { group, peers: members.filter((m) => m !== target) };
  }
  return null;
}

/**
 * How old a peer's window may be: three scheduled periods, and at least 36 hours so that a daily
 * `tripline check` still compares with the other member's window of the day before. A member that
 * stopped running (budget, outage) is not compared with what it answered long ago.
 */
function maxWindowAgeMs(canary: Canary, config: Pick<TriplineConfig, 'schedule'>): number {
  const perDay = cronRunsPerDay(canary.schedule ?? config.schedule);
  return Math.max(3 * (86_400_000 / Math.max(perDay, 1e-6)), 36 * 3_600_000);
}

export interface TenantRunInput {
  db: Sql;
  fence: Fence;
  config: Pick<TriplineConfig, 'sameAs' | 'schedule'>;
  canary: Canary;
  /** The reporting member's own successful observations of this cycle. */
  current: readonly SuccessObservation[];
  /** This cycle's candidates from the member's own probes against its own baseline. */
  own: readonly FindingDraft[];
  ctx: ProbeContext;
  at: string;
}

/**
 * The cross-tenant step of a check cycle (docs/statistics.md#tenants): compares this member's window
 * with each peer's latest window of the same canary, records this window for the peers, and returns
 * the `identity.tenant_divergence` candidate this member reports (persistence is the caller's).
 */
export async function tenantCandidates(input: TenantRunInput): Promise<FindingDraft[]> {
  const { db, config, canary, ctx, at } = input;
  const membership = sameAsGroupOf(config, ctx.target);
  if (!membership || input.current.length === 0) return [];
  const ownFired = input.own.some((d) => d.severity !== 'info' && isDrift(d.kind));
  const hash = canaryHash(canary);
  const since = new Date(Date.parse(at) - maxWindowAgeMs(canary, config)).toISOString();
  const windows = await readPeerWindows(db, { peers: membership.peers, canary: canary.id, canaryHash: hash, since });
  const peers = windows.map((w) => ({ target: w.target, ownFired: w.ownFired, at: w.at, tests: compareWindows({ canary, ctx, mine: input.current, peer: w }) }));
  await writeWindow(input.fence, { target: ctx.target, canary: canary.id, canaryHash: hash, at, ownFired, samples: input.current.map(toSampleRecord) });
  const draft = divergenceDraft({ group: membership.group, target: ctx.target, canary: canary.id, ownFired, peers });
  return draft ? [draft] : [];
}

/** A baseline run measures too: its window is what the peers compare with until the next cycle. */
export async function recordTenantWindow(input: Omit<TenantRunInput, 'own'>): Promise<void> {
  if (!sameAsGroupOf(input.config, input.ctx.target) || input.current.length === 0) return;
  await writeWindow(input.fence, {
    target: input.ctx.target,
    canary: input.canary.id,
    canaryHash: canaryHash(input.canary),
    at: input.at,
    ownFired: false,
    samples: input.current.map(toSampleRecord),
  });
}
