/**
 * One monitored stream (target × canary) as the runtime runs it: a baseline pool of
 * `evaluation.warmupCycles` no-drift cycles summarised by the probe (A/A replay included), then per
 * cycle the probe's evaluate with its carried state (JSON round-tripped like the state store does)
 * and the runtime's own consecutive-cycle persistence (`applyPersistence`, on a real state
 * database) with its confirm-on-suspicion: a cycle that leaves a candidate short of `confirmCycles`
 * sends a confirmation run (fresh requests, as src/runtime/confirmation.ts does `confirmAfter`
 * later) in the same cycle. A pool can be shared by several streams (trials): each gets its own
 * simulator seed.
 */
import type { Canary } from '../../src/config/canary-schema.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import type { Probe, ProbeContext, SampleRecord } from '../../src/probes/types.js';
import { withClientCap } from '../../src/probes/length/client-cap.js';
import { applyPersistence, openSuspicions } from '../../src/runtime/engine/persistence.js';
import { decides, requestOrder, rotationOffset } from '../../src/runtime/engine/sequential.js';
import { singleWriterFence, type Sql } from '../../src/storage/index.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import { SimProvider, type SimMode } from './sim-cycle.js';

/**
 * tripline.yaml `evaluation` defaults (src/config/schema.ts). The daemon grows a young pool for
 * `warmupCycles` cycles, so the steady-state pool a drift meets holds 10 cycles.
 */
export const EVALUATION = { alpha: 0.001, confirmCycles: 2, confirmAfterSeconds: 60, warmupCycles: 10 } as const;

/** The provider's default `maxConcurrency`: the largest batch of a sequential cycle. */
const LANES = 4;

/** A reviewed baseline pool of one model. */
export interface Pool {
  model: string;
  baseline: { summary: unknown; samples: SampleRecord[] };
  /** The first pool cycle (the naive comparator's one snapshot per item). */
  firstCycle: SuccessObservation[];
  /** Synthetic time after the pool, where streams start. */
  endsAt: number;
}

/** What one monitored cycle gave. */
export interface CycleOutcome {
  /** The probe raised a candidate finding this cycle (its per-cycle test fired). */
  candidate: boolean;
  /** A finding passed persistence this cycle: tripline would alert. */
  confirmed: boolean;
  /** Confirmation runs this cycle sent (its candidates were short of confirmCycles). */
  confirmations: number;
  /** The probe's test fired in the first confirmation run as well (an independent second look). */
  confirmationCandidate: boolean;
  /** The alert came from a confirmation run (`confirmAfter` after the cycle), not from the cycle's own run. */
  confirmedByConfirmation: boolean;
  /** The naive comparator (one snapshot per item, exact text) would alert this cycle. */
  naive: boolean;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

function contextOf(canary: Canary, model: string): ProbeContext {
  return { canary, target: `sim/${model}`, alpha: EVALUATION.alpha, supports: { seed: true, logprobs: true, temperature: true } };
}

/** Collects and summarises a no-drift pool for `model`. */
export async function collectPool(canary: Canary, probe: Probe, model: string, seed: number): Promise<Pool> {
  const sim = new SimProvider(seed);
  const pool: SuccessObservation[] = [];
  let firstCycle: SuccessObservation[] = [];
  for (let c = 0; c < EVALUATION.warmupCycles; c++) {
    const cycle = await sim.cycle(canary, model);
    if (c === 0) firstCycle = cycle;
    pool.push(...cycle);
  }
  const baseline = { summary: probe.summarize(pool, contextOf(canary, model)), samples: pool.map(toSampleRecord) };
  return { model, baseline, firstCycle, endsAt: sim.now };
}

/** The naive comparator: any item whose first sample's text differs from its one snapshot. */
function naiveAlarm(snapshot: readonly SuccessObservation[], current: readonly SuccessObservation[]): boolean {
  const before = new Map(snapshot.filter((o) => o.sample === 0).map((o) => [o.item ?? '', o.text]));
  return current.some((o) => o.sample === 0 && before.get(o.item ?? '') !== o.text);
}

let streamCounter = 0;

export class Stream {
  readonly sim: SimProvider;
  private state: unknown = null;
  private readonly ctx: ProbeContext;
  private readonly scope: { target: string; canary: string };
  private cycleNo = 0;
  /**
   * Requests sent so far: where the next cycle's item rotation starts, as the runtime reads it from
   * its runs. A stream starts as a pair with history does, at an offset of its own (from its seed),
   * so trials do not all begin at the first item.
   */
  private sentSoFar: number;

  constructor(
    private readonly db: Sql,
    private readonly canary: Canary,
    private readonly probe: Probe,
    private readonly pool: Pool,
    seed: number,
    mode: SimMode = 'fast',
  ) {
    this.sim = new SimProvider(seed, mode, pool.endsAt);
    this.sentSoFar = seed % Math.max(1, canary.items?.length ?? 1);
    this.ctx = contextOf(canary, pool.model);
    // A distinct persistence scope per stream; the probe still sees the pool's target.
    this.scope = { target: `sim/${pool.model}#${++streamCounter}`, canary: canary.id };
  }

  /** A cycle as the runtime sends it when the probe has a stop rule (src/runtime/engine/sequential.ts). */
  private async sequentialCycle(rule: NonNullable<Probe['sequential']>): Promise<SuccessObservation[]> {
    const first = rule.firstItems ? rule.firstItems(this.state) : [];
    const order = requestOrder(this.canary, first, rotationOffset(this.sentSoFar, this.canary.items?.length ?? 0));
    const baseline = this.pool.baseline;
    const sent = await this.sim.planned(this.canary, this.pool.model, order, LANES, (sofar) => decides([rule.verdict({ baseline, current: [...sofar], state: this.state, ctx: this.ctx })]));
    this.sentSoFar += sent.length;
    return sent;
  }

  /** One monitored cycle, with the confirmation runs its suspicions call for. */
  async step(): Promise<CycleOutcome> {
    const slot = Date.UTC(2026, 0, 1) + ++this.cycleNo * 3_600_000;
    const first = await this.look(new Date(slot).toISOString());
    const outcome: CycleOutcome = {
      candidate: first.candidate,
      confirmed: first.confirmed,
      confirmations: 0,
      confirmationCandidate: false,
      confirmedByConfirmation: false,
      naive: naiveAlarm(this.pool.firstCycle, first.current),
      calls: first.current.length,
      inputTokens: first.current.reduce((n, o) => n + (o.usage.input ?? 0), 0),
      outputTokens: first.current.reduce((n, o) => n + (o.usage.output ?? 0), 0),
    };
    // As src/runtime/confirmation.ts: as many fresh runs as the open suspicions still need.
    const open = await openSuspicions(this.db, this.scope, EVALUATION.confirmCycles);
    const rounds = Math.max(0, ...open.map((s) => s.sightingsNeeded));
    for (let round = 1; round <= rounds; round++) {
      if ((await openSuspicions(this.db, this.scope, EVALUATION.confirmCycles)).length === 0) break;
      const again = await this.look(new Date(slot + round * EVALUATION.confirmAfterSeconds * 1000).toISOString());
      outcome.confirmations++;
      if (round === 1) outcome.confirmationCandidate = again.candidate;
      outcome.confirmedByConfirmation ||= again.confirmed && !outcome.confirmed;
      outcome.confirmed ||= again.confirmed;
      outcome.calls += again.current.length;
      outcome.inputTokens += again.current.reduce((n, o) => n + (o.usage.input ?? 0), 0);
      outcome.outputTokens += again.current.reduce((n, o) => n + (o.usage.output ?? 0), 0);
    }
    return outcome;
  }

  /** One run: fresh requests, the probe's evaluate with its carried state, the runtime's persistence. */
  private async look(at: string): Promise<{ current: SuccessObservation[]; candidate: boolean; confirmed: boolean }> {
    // As the runtime sends it: a client-side cap follows the baseline's observed cap.
    const sent = this.probe.id === 'length' ? withClientCap(this.canary, this.pool.baseline.summary) : this.canary;
    const current = this.probe.sequential ? await this.sequentialCycle(this.probe.sequential) : await this.sim.cycle(sent, this.pool.model);
    const result = this.probe.evaluate({ baseline: this.pool.baseline, current, state: this.state, ctx: this.ctx });
    if (result.state !== null) this.state = JSON.parse(JSON.stringify(result.state)) as unknown;
    const confirmed = await applyPersistence(singleWriterFence(this.db), this.scope, result.findings, EVALUATION.confirmCycles, at);
    return { current, candidate: result.findings.length > 0, confirmed: confirmed.length > 0 };
  }
}
