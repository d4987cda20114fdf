/**
 * One monitored stream (target × canary) as the runtime runs it: a baseline pool of
 * `evaluation.warmupCycles` cycles summarised by the probe, then per cycle the probe's evaluate with
 * its carried state (JSON round-tripped like the state store does) and the runtime's own
 * consecutive-cycle persistence (`applyPersistence`, on a real state database).
 */
import type { Canary } from '../../src/config/canary-schema.js';
import type { SuccessObservation } from '../../src/domain/observation.js';
import type { Probe, ProbeContext, SampleRecord } from '../../src/probes/types.js';
import { applyPersistence } from '../../src/runtime/engine/persistence.js';
import type { Db } from '../../src/runtime/state/store.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import type { SimProvider } from './sim-cycle.js';

/** tripline.yaml `evaluation` defaults. */
export const EVALUATION = { alpha: 0.001, confirmCycles: 2, warmupCycles: 5 } as const;

/** What one monitored cycle gave. */
export interface CycleOutcome {
  /** The probe raised a candidate finding this cycle (its per-cycle test fired). */
  candidate: boolean;
  /** A finding passed persistence this cycle: tripline would alert. */
  confirmed: boolean;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export class Stream {
  private state: unknown = null;
  private baseline: { summary: unknown; samples: SampleRecord[] } | null = null;
  private readonly ctx: ProbeContext;
  private cycleNo = 0;

  constructor(
    private readonly db: Db,
    private readonly sim: SimProvider,
    private readonly canary: Canary,
    private readonly model: string,
    private readonly probe: Probe,
  ) {
    this.ctx = { canary, target: `sim/${model}`, alpha: EVALUATION.alpha, supports: { seed: true, logprobs: true, temperature: true } };
  }

  /** Collects the warm-up pool (no drift) and summarises it, A/A replay included. */
  async arm(cycles: number = EVALUATION.warmupCycles): Promise<void> {
    const pool: SuccessObservation[] = [];
    for (let c = 0; c < cycles; c++) pool.push(...(await this.sim.cycle(this.canary, this.model)));
    this.baseline = { summary: this.probe.summarize(pool, this.ctx), samples: pool.map(toSampleRecord) };
  }

  /** One monitored cycle. */
  async step(): Promise<CycleOutcome> {
    if (!this.baseline) throw new Error('stream not armed');
    const current = await this.sim.cycle(this.canary, this.model);
    const result = this.probe.evaluate({ baseline: this.baseline, current, state: this.state, ctx: this.ctx });
    if (result.state !== null) this.state = JSON.parse(JSON.stringify(result.state)) as unknown;
    const at = new Date(Date.UTC(2026, 0, 1) + ++this.cycleNo * 3_600_000).toISOString();
    const confirmed = applyPersistence(this.db, { target: this.ctx.target, canary: this.canary.id }, result.findings, EVALUATION.confirmCycles, at);
    return {
      candidate: result.findings.length > 0,
      confirmed: confirmed.length > 0,
      calls: current.length,
      inputTokens: current.reduce((n, o) => n + (o.usage.input ?? 0), 0),
      outputTokens: current.reduce((n, o) => n + (o.usage.output ?? 0), 0),
    };
  }
}
