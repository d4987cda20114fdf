import type { Canary, ProbeId } from '../config/canary-schema.js';
import { requestsPerCycle } from '../config/cost-estimate.js';
import type { SuccessObservation } from '../domain/observation.js';
import type { Probe, ProbeContext, SampleRecord } from '../probes/types.js';
import { packageVersion } from '../domain/build-info.js';
import { canaryHash } from './canonical-json.js';
import type { SampleAnomaly, Snapshot } from './schema.js';

/** Smallest default cap of a baseline pool; the newest samples are kept. */
export const DEFAULT_MAX_SAMPLES = 500;
/** Largest default cap: bounds snapshot file size (a sample record is a few hundred bytes). */
export const MAX_POOL_SAMPLES = 4000;
/** Cycles of a canary's requests a default pool holds (between the two caps above). */
export const POOL_CYCLES = 20;

/**
 * The default pool cap of a canary: room for POOL_CYCLES cycles of its requests (samples × items),
 * so border inputs (320 a whole cycle) and calibration (100 items × ≥ 5 runs) keep their docs/statistics.md#baseline-pool
 * minimums, at least DEFAULT_MAX_SAMPLES and at most MAX_POOL_SAMPLES.
 */
export function defaultMaxSamples(canary: Canary): number {
  return Math.min(MAX_POOL_SAMPLES, Math.max(DEFAULT_MAX_SAMPLES, POOL_CYCLES * requestsPerCycle(canary)));
}

/** The compact record of one observation kept in snapshot files. */
export function toSampleRecord(obs: SuccessObservation): SampleRecord {
  return {
    ...(obs.item !== undefined ? { item: obs.item } : {}),
    sample: obs.sample,
    timestamp: obs.timestamp,
    latencyMs: obs.latencyMs,
    text: obs.text,
    finishReason: obs.finishReason,
    usage: { ...obs.usage },
    modelReported: obs.modelReported,
    fingerprint: obs.fingerprint,
    logprobs: obs.logprobs,
    ...(obs.refusal !== undefined ? { refusal: obs.refusal } : {}),
    ...(obs.cache !== undefined ? { cache: obs.cache } : {}),
    ...(obs.timing !== undefined ? { timing: obs.timing } : {}),
  };
}

/**
 * A pooled sample as an observation again. Snapshot files do not keep shape, headers, enums or
 * schema issues per sample: those fields come back empty, which is why the probes that read them
 * (shape, ratelimit) implement `merge` and are never re-summarized from pooled samples.
 */
export function fromSampleRecord(record: SampleRecord, target: string, canary: string): SuccessObservation {
  return {
    ...record,
    target,
    canary,
    status: 200,
    headerNames: [],
    rateLimits: {},
    rateRemaining: {},
    requestId: null,
    unsupported: [],
    ok: true,
    shape: [],
    enums: {},
    schemaIssues: [],
    modelStatus: null,
  };
}

export interface BuildSnapshotInput {
  /** `provider/model`. */
  target: string;
  canary: Canary;
  /** This cycle's successful observations. */
  observations: SuccessObservation[];
  /** The probe registry (or a subset); only probes the canary lists are summarized. */
  probes: Partial<Record<ProbeId, Probe>>;
  ctx: ProbeContext;
  /** The pool to grow; ignored when it was recorded for another version of the canary. */
  previous?: Snapshot;
  /** Pool cap, newest kept; default `defaultMaxSamples(canary)`. */
  maxSamples?: number;
  /** Clock for `recordedAt`; default now. */
  now?: Date;
  /** Written to `collection.triplineVersion`; default the package version. */
  triplineVersion?: string;
  /** Anomalous samples of this cycle recorded on purpose; listed in the snapshot with those of `previous`. */
  acceptedAnomalies?: readonly SampleAnomaly[];
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** One probe's section: merged with the previous section where the probe can, else re-summarized over the pool. */
function section(probe: Probe, prior: unknown, prevPool: SampleRecord[], fresh: SuccessObservation[], input: BuildSnapshotInput): unknown {
  const parsed = prior === undefined ? null : probe.summarySchema.safeParse(prior);
  if (probe.merge && parsed?.success && prevPool.length > 0) {
    return fresh.length > 0 ? probe.merge(parsed.data, probe.summarize(fresh, input.ctx)) : parsed.data;
  }
  const pool = [...prevPool.map((r) => fromSampleRecord(r, input.target, input.canary.id)), ...fresh];
  return probe.summarize(pool, input.ctx);
}

/**
 * A snapshot from this cycle's observations, grown from `previous` when given (pool growth for
 * `tripline baseline --cycles N` and the warm-up): previous samples then new ones, capped at
 * `maxSamples` keeping the newest, every listed probe's summary recomputed.
 */
export function buildSnapshot(input: BuildSnapshotInput): Snapshot {
  const max = Math.max(1, input.maxSamples ?? defaultMaxSamples(input.canary));
  const hash = canaryHash(input.canary);
  const previous = input.previous && input.previous.canaryHash === hash && input.previous.target === input.target ? input.previous : undefined;
  const fresh = input.observations.slice(-max);
  const room = max - fresh.length;
  const prevPool = previous && room > 0 ? previous.samples.slice(-room) : [];
  const samples = [...prevPool, ...fresh.map(toSampleRecord)];
  const probes: Record<string, unknown> = {};
  for (const id of input.canary.probes) {
    const probe = input.probes[id];
    if (probe) probes[id] = section(probe, previous?.probes[id], prevPool, fresh, input);
  }
  const times = samples.map((s) => s.timestamp).sort();
  const recordedAt = (input.now ?? new Date()).toISOString();
  return {
    version: 1,
    target: input.target,
    canary: input.canary.id,
    canaryHash: hash,
    recordedAt,
    collection: {
      cycles: (previous?.collection.cycles ?? 0) + (input.observations.length > 0 ? 1 : 0),
      samples: samples.length,
      firstAt: times[0] ?? recordedAt,
      lastAt: times[times.length - 1] ?? recordedAt,
      triplineVersion: input.triplineVersion ?? packageVersion(),
    },
    provenance: {
      modelReported: sorted(samples.flatMap((s) => (s.modelReported === null ? [] : [s.modelReported]))),
      fingerprints: sorted(samples.flatMap((s) => (s.fingerprint === null ? [] : [s.fingerprint]))),
    },
    ...acceptedOf(previous, input.acceptedAnomalies),
    probes,
    samples,
  };
}

/** Accepted anomalies of the grown pool and of this cycle, newest kept within the schema's bound. */
function acceptedOf(previous: Snapshot | undefined, fresh: readonly SampleAnomaly[] | undefined): Pick<Snapshot, 'acceptedAnomalies'> {
  const all = [...(previous?.acceptedAnomalies ?? []), ...(fresh ?? [])].slice(-200);
  return all.length > 0 ? { acceptedAnomalies: all } : {};
}
