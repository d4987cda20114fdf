import type { z } from 'zod';
import type { Canary, ProbeId } from '../config/canary-schema.js';
import type { FindingDraft } from '../domain/finding.js';
import type { SuccessObservation } from '../domain/observation.js';
import type { ProbeMetrics } from './metric-units.js';
import type { SequentialVerdict } from '../stats/sprt.js';

/** The compact per-sample record kept in snapshot files (shape and headers live in probe summaries). */
export type SampleRecord = Pick<
  SuccessObservation,
  | 'item'
  | 'sample'
  | 'timestamp'
  | 'latencyMs'
  | 'text'
  | 'finishReason'
  | 'usage'
  | 'modelReported'
  | 'fingerprint'
  | 'logprobs'
  | 'refusal'
  | 'cache'
  | 'timing'
>;

export interface ProbeContext {
  canary: Canary;
  /** `provider/model`. */
  target: string;
  /** Per-cycle false-alarm rate for statistical tests. */
  alpha: number;
  /** What the target's provider can do at all. */
  supports: { seed: boolean; logprobs: boolean; temperature: boolean };
  /** Factor a latency median or p95 must move by (`evaluation.latencyFactor`); the probe's default when absent. */
  latencyFactor?: number;
}

export interface Baseline<Summary> {
  summary: Summary;
  samples: SampleRecord[];
}

/**
 * A finding a probe proposes for this cycle. The runtime reports it only once it has been seen in
 * as many consecutive sightings (cycles or confirmation runs) as
 * runtime/engine/persistence.ts `sightingsFor` says.
 */
export type CandidateDraft = FindingDraft & {
  /** Sightings it needs instead of the configured `evaluation.confirmCycles`. */
  confirmCycles?: number;
  /**
   * Sightings it needs beyond that: the cycle's evidence was too thin for the configured rule (one
   * answer cannot tell a garbled sample from a broken contract).
   */
  extraSightings?: number;
};

export interface ProbeResult<State> {
  /** Candidate findings for this cycle (see CandidateDraft). */
  findings: CandidateDraft[];
  /** The probe's own carried state (e.g. a sequential detector), stored by the runtime. */
  state: State | null;
  /** Numbers exported as metrics, by a name listed in metric-units.ts (which gives its unit). */
  metrics: ProbeMetrics;
}

export interface Probe<Summary = unknown, State = unknown> {
  /** Equals the folder name and the id used in canary files' `probes:` list. */
  readonly id: ProbeId;
  /** zod schema of this probe's section in a snapshot file. */
  readonly summarySchema: z.ZodType<Summary>;
  /** Pure: the baseline summary from a pool of sample observations. */
  summarize(samples: SuccessObservation[], ctx: ProbeContext): Summary;
  /**
   * Optional, pure: combine a previous pool's summary with the summary of newly added samples.
   * Snapshot files keep only compact SampleRecords (no shape, headers or enums), so a probe whose
   * summary needs those fields implements this to grow a baseline pool; probes without it are
   * re-summarized over the whole pool, where older samples carry empty shape/header fields.
   */
  merge?(previous: Summary, next: Summary): Summary;
  /**
   * Optional, pure: the canary as sent this cycle, adjusted to this probe's (unparsed) baseline
   * section and to the target (wire format and model); the canary file is unchanged. The length
   * probe lowers the client-side output cap to 1.25x the cap its baseline saw; the cache probe cuts
   * the cached prefix to the target's minimum cacheable length.
   */
  adjustCanary?(canary: Canary, section: unknown, target: { type: string; model: string }): Canary;
  /**
   * Optional, pure: the sequential stop rule (docs/statistics.md#sequential-sampling). The runtime
   * sends a cycle's requests in batches (distinct items first) and asks after each batch; the cycle
   * stops when every listed probe with a rule says 'no-change' or one says 'change'. `evaluate`
   * must reach a 'change' the same way, so an early stop for a change is reported. `state` is the
   * probe's carried state as the cycle started (the border-input rule sizes a quiet cycle by it).
   */
  sequential?: {
    verdict(input: { baseline: Baseline<Summary>; current: SuccessObservation[]; state?: State | null; ctx: ProbeContext }): SequentialVerdict;
    /** Items to send first this cycle (those that moved last cycle, each with all its samples), read from the carried state. */
    firstItems?(state: State | null): string[];
  };
  /** Pure: judge the current cycle's observations against the baseline. */
  evaluate(input: {
    baseline: Baseline<Summary>;
    current: SuccessObservation[];
    state: State | null;
    ctx: ProbeContext;
  }): ProbeResult<State>;
}
