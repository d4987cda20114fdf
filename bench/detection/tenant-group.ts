/**
 * Two tenants (API keys) of one model, declared a sameAs group, as the runtime runs them: per round
 * each member runs the canary on its own simulated provider (its own nondeterminism), its own
 * statistical probe judges it against its own pool (the history that names the moved tenant), it is
 * compared with the other member's latest window (src/runtime/engine/tenants), and the divergence
 * candidate goes through the runtime's persistence on a real state database.
 */
import type { Canary } from '../../src/config/canary-schema.js';
import type { FindingDraft } from '../../src/domain/finding.js';
import type { Probe, ProbeContext, SampleRecord } from '../../src/probes/types.js';
import { applyPersistence } from '../../src/runtime/engine/persistence.js';
import { compareWindows, divergenceDraft } from '../../src/runtime/engine/tenants/index.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import { singleWriterFence, type Fence, type Sql } from '../../src/storage/index.js';
import { SimProvider } from './sim-cycle.js';
import { EVALUATION, type Pool } from './stream.js';

export const GROUP = 'bench';

/** What one member's cycle gave. */
export interface MemberCycle {
  target: string;
  /** The cross-tenant tests fired against the peer's window this cycle (before persistence). */
  candidate: boolean;
  /** A divergence this member reports after persistence (null: none). */
  confirmed: FindingDraft | null;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

let groupCounter = 0;

class Member {
  readonly sim: SimProvider;
  readonly ctx: ProbeContext;
  readonly scope: { target: string; canary: string };
  state: unknown = null;
  window: SampleRecord[] | null = null;
  ownFired = false;
  windowAt = '';

  constructor(
    readonly target: string,
    readonly pool: Pool,
    canary: Canary,
    seed: number,
    tenant: string,
    id: number,
  ) {
    this.sim = new SimProvider(seed, 'fast', pool.endsAt, tenant);
    this.ctx = { canary, target, alpha: EVALUATION.alpha, supports: { seed: true, logprobs: true, temperature: true } };
    // A distinct persistence scope per group; the comparison still sees the member's target.
    this.scope = { target: `${target}#${id}`, canary: canary.id };
  }
}

export class TenantGroup {
  private readonly members: [Member, Member];
  private readonly fence: Fence;
  private round = 0;

  /**
   * `own`: also judge each member against its own pool (naming who moved). Without it every
   * member reports every divergence it sees (the conservative count for false alarms: in the
   * runtime the unexplained pair is reported by one member only).
   */
  constructor(
    private readonly db: Sql,
    private readonly canary: Canary,
    private readonly probe: Probe,
    pools: [Pool, Pool],
    seeds: [number, number],
    private readonly own: boolean,
  ) {
    this.fence = singleWriterFence(db);
    const id = ++groupCounter;
    const model = pools[0].model;
    this.members = [
      new Member(`tenant-a/${model}`, pools[0], canary, seeds[0], 'tenant-a', id),
      new Member(`tenant-b/${model}`, pools[1], canary, seeds[1], 'tenant-b', id),
    ];
  }

  /** The simulator of member `i` (0: tenant-a, 1: tenant-b), to switch scenarios on. */
  sim(i: 0 | 1): SimProvider {
    return this.members[i].sim;
  }

  target(i: 0 | 1): string {
    return this.members[i].target;
  }

  /** One round: tenant-a runs first (it sees tenant-b's window of the round before), then tenant-b. */
  async step(): Promise<[MemberCycle, MemberCycle]> {
    const at = new Date(Date.UTC(2026, 0, 1) + ++this.round * 3_600_000).toISOString();
    const [a, b] = this.members;
    return [await this.member(a, b, at), await this.member(b, a, at)];
  }

  private async member(me: Member, peer: Member, at: string): Promise<MemberCycle> {
    const current = await me.sim.cycle(this.canary, me.pool.model);
    let ownFired = false;
    if (this.own) {
      const result = this.probe.evaluate({ baseline: me.pool.baseline, current, state: me.state, ctx: me.ctx });
      if (result.state !== null) me.state = JSON.parse(JSON.stringify(result.state)) as unknown;
      ownFired = result.findings.some((f) => f.severity !== 'info');
    }
    const tests = peer.window ? compareWindows({ canary: this.canary, ctx: me.ctx, mine: current, peer: { target: peer.target, samples: peer.window } }) : [];
    const peers = peer.window ? [{ target: peer.target, tests, ownFired: peer.ownFired, at: peer.windowAt }] : [];
    // Conservative without history: as if this member always reported what it sees.
    const draft = divergenceDraft({ group: GROUP, target: me.target, canary: this.canary.id, ownFired: this.own ? ownFired : true, peers });
    const confirmed = await applyPersistence(this.fence, me.scope, draft ? [draft] : [], EVALUATION.confirmCycles, at);
    me.window = current.map(toSampleRecord);
    me.ownFired = ownFired;
    me.windowAt = at;
    return {
      target: me.target,
      candidate: tests.length > 0,
      confirmed: confirmed[0] ?? null,
      calls: current.length,
      inputTokens: current.reduce((n, o) => n + (o.usage.input ?? 0), 0),
      outputTokens: current.reduce((n, o) => n + (o.usage.output ?? 0), 0),
    };
  }
}
