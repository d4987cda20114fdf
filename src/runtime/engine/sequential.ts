/**
 * Sequential sampling inside a cycle (docs/statistics.md#sequential-sampling). When a canary's
 * statistical probes have a stop rule (`Probe.sequential`), its requests go out in batches of 1, 1,
 * 2, 4, … (up to the provider's concurrency) and the cycle stops as soon as the evidence decides:
 * one probe sees a change, or every probe with a rule sees none. The probes' rules are anytime-valid
 * (a likelihood ratio read against Ville's bound), so looking after every batch costs no false
 * alarms. The order spreads the calls: one fresh item and the items that moved last cycle first
 * (see requestOrder, suspects with all their samples), then every item once before any item's second sample, so a sticky partial-traffic swap is reached as early as it can
 * be. Each cycle starts where the previous ones left off (the pair's requests so far, modulo the
 * items), so quiet stops visit every item in turn; the order depends on the stored history alone,
 * never on the clock, so the same state always sends the same calls.
 */
import type { Canary, CanaryItem, ProbeId } from '../../config/canary-schema.js';
import type { Observation, SuccessObservation } from '../../domain/observation.js';
import { probes } from '../../probes/registry.js';
import type { Probe, ProbeContext } from '../../probes/types.js';
import type { Snapshot } from '../../snapshots/index.js';
import type { SequentialVerdict } from '../../stats/sprt.js';
import type { Sql } from '../../storage/index.js';

/** One request of a cycle: which item, which sample. */
export interface PlannedRequest {
  item: CanaryItem | undefined;
  sample: number;
}

export interface SequentialPlan {
  /** Every request the canary may send, in sending order. */
  order: PlannedRequest[];
  /** After each batch: whether the observations so far decide the cycle. */
  decided(sofar: readonly Observation[]): boolean;
}

/** The next batch's size: 1, 1, 2, 4, … doubling with what was sent, at most `lanes`. */
export function nextBatchSize(sent: number, lanes: number): number {
  return Math.max(1, Math.min(Math.max(1, lanes), sent));
}

/** Where this cycle's item rotation starts: the requests the pair has sent before, modulo the items. */
export function rotationOffset(sentBefore: number, items: number): number {
  return items > 0 ? sentBefore % items : 0;
}

/**
 * One fresh item's first sample, then the suspects with all their samples, then the other items
 * from `offset` round, each item's first sample before any second. The fresh item is the control
 * that tells the suspects' story: moved with them, every item moved (a rescale); held while they
 * moved, part of the traffic is on other weights. A cycle that first saw a single moved item cannot
 * tell the two apart, so the re-run that confirms it classifies it, at the price of one call.
 * Suspects go whole so that a quiet stop that samples the other items thinly (border inputs) still
 * gives a suspect its full share; with one sample per item this is the plain suspects-first order.
 */
export function requestOrder(canary: Canary, firstItems: readonly string[], offset: number): PlannedRequest[] {
  const items: (CanaryItem | undefined)[] = canary.items?.length ? canary.items : [undefined];
  const rotated = items.map((_, i) => items[(i + offset) % items.length]);
  const first = new Set(firstItems);
  const others = rotated.filter((it) => !it || !first.has(it.id));
  const suspects = rotated.filter((it) => it && first.has(it.id));
  const samples = Array.from({ length: canary.samples }, (_, sample) => sample);
  const rounds = (list: readonly (CanaryItem | undefined)[]): PlannedRequest[] => samples.flatMap((sample) => list.map((item) => ({ item, sample })));
  if (suspects.length === 0 || others.length === 0) return rounds([...suspects, ...others]);
  const [control] = others;
  return [{ item: control, sample: 0 }, ...rounds(suspects), ...rounds(others).slice(1)];
}

/** The cycle is decided when a probe sees a change or every probe with a rule sees none. */
export function decides(verdicts: readonly SequentialVerdict[]): boolean {
  return verdicts.length > 0 && (verdicts.includes('change') || verdicts.every((v) => v === 'no-change'));
}

/** A listed probe with a stop rule, its readable baseline section and its carried state as the cycle starts. */
export interface RuledProbe {
  probe: Probe;
  summary: unknown;
  state?: unknown;
}

/**
 * Probes that judge each response on its own (exact checks): they lose nothing when a cycle stops
 * early. A canary that lists any other probe without a stop rule is sent whole.
 */
const PER_RESPONSE: ReadonlySet<ProbeId> = new Set(['shape', 'identity', 'tokens', 'ratelimit', 'assertions']);

/** The canary's listed probes that have a stop rule and a readable section in the snapshot (none when another probe needs the whole cycle). */
export function ruledProbes(canary: Canary, snapshot: Snapshot): RuledProbe[] {
  if (canary.probes.some((id) => !(probes[id] as Probe).sequential && !PER_RESPONSE.has(id))) return [];
  return canary.probes.flatMap((id) => {
    const probe: Probe = probes[id];
    const section = probe.sequential ? probe.summarySchema.safeParse(snapshot.probes[id]) : null;
    return section?.success ? [{ probe, summary: section.data }] : [];
  });
}

/** The verdicts of the ruled probes on the observations so far. */
export function verdictsOf(ruled: readonly RuledProbe[], snapshot: Snapshot, sofar: readonly Observation[], ctx: ProbeContext): SequentialVerdict[] {
  const current = sofar.filter((o): o is SuccessObservation => o.ok);
  if (current.length === 0) return ruled.map(() => 'continue');
  return ruled.map(({ probe, summary, state }) => probe.sequential!.verdict({ baseline: { summary, samples: snapshot.samples }, current, state: state ?? null, ctx }));
}

/** The plan of a check cycle against a current baseline; null when no listed probe has a stop rule. */
export async function sequentialPlan(input: { db: Sql; canary: Canary; snapshot: Snapshot; ctx: ProbeContext }): Promise<SequentialPlan | null> {
  const { canary, snapshot, ctx } = input;
  const ruled = ruledProbes(canary, snapshot);
  if (ruled.length === 0) return null;
  const firstItems: string[] = [];
  for (const r of ruled) {
    const row = await input.db.get<{ state: string }>('SELECT state FROM probe_state WHERE target = ? AND canary = ? AND probe = ?', [ctx.target, canary.id, r.probe.id]);
    r.state = row ? (JSON.parse(row.state) as unknown) : null;
    if (r.probe.sequential?.firstItems) firstItems.push(...r.probe.sequential.firstItems(r.state));
  }
  const sent = await input.db.get<{ n: number | string | null }>('SELECT SUM(requests) AS n FROM runs WHERE target = ? AND canary = ?', [ctx.target, canary.id]);
  return {
    order: requestOrder(canary, firstItems, rotationOffset(Number(sent?.n ?? 0), canary.items?.length ?? 0)),
    decided: (sofar) => decides(verdictsOf(ruled, snapshot, sofar, ctx)),
  };
}
