import type { Canary } from '../../config/canary-schema.js';
import type { ProviderConfig, TriplineConfig } from '../../config/schema.js';
import { SnapshotError } from '../../domain/errors.js';
import { parseTarget, type Target } from '../../domain/target.js';
import { getProvider } from '../../providers/registry.js';
import type { ProviderAdapter } from '../../providers/types.js';
import { readSnapshot } from '../../snapshots/index.js';

/** What deciding whether a canary is worth its requests on one target needs. */
export interface ApplicabilityInput {
  canary: Canary;
  target: Target;
  provider: ProviderConfig;
  adapter: ProviderAdapter;
  snapshotsDir: string;
  /** Every canary that runs on the target: their baselines tell whether it returns logprobs. */
  onTarget: readonly Canary[];
  /**
   * Whether the target's baselines carry logprobs, when already read for another canary of the same
   * target (a calibration pool is 1.4 MB: each read costs tens of ms). Read here when absent.
   */
  logprobsSeen?: () => boolean | undefined;
}

/** A canary that neither of the rules of canaryApplies concerns: it applies to every target. */
export function appliesEverywhere(canary: Canary): boolean {
  const p = canary.request.params;
  return canary.targetsWith?.logprobs === undefined && !(p.maxTokens === undefined && p.clientMaxTokens !== undefined);
}

/**
 * Whether a canary can measure its signal on a target at all; where it cannot, it is not scheduled
 * there, because its requests would be spent for nothing:
 * - a canary that relies on the client-side cap (`clientMaxTokens`, no `maxTokens`) on an adapter
 *   that cannot stream: the cap would be sent as the request's max tokens, so the answer measures
 *   tripline's own cap, not the provider's default, at up to `clientMaxTokens` output tokens a call;
 * - a canary with `targetsWith.logprobs` on a target known to answer the other way.
 */
export function canaryApplies(input: ApplicabilityInput): boolean {
  const { canary, adapter } = input;
  if (appliesEverywhere(canary)) return true;
  const p = canary.request.params;
  if (p.maxTokens === undefined && p.clientMaxTokens !== undefined) {
    const built = adapter.buildRequest({ canary, target: input.target, provider: input.provider, sample: 0 });
    if (built.unsupported.includes('clientMaxTokens')) return false;
  }
  const want = canary.targetsWith?.logprobs;
  if (want === undefined) return true;
  const has = adapter.supports.logprobs ? (input.logprobsSeen ?? (() => observedLogprobs(input)))() : false;
  // Unknown until a baseline says: run, so that the baseline can tell.
  return has === undefined || has === want;
}

/**
 * The applicability rule of a loaded config: which (target, canary) pairs are scheduled. The engine
 * and `validate`'s cost both read it, so the cost counts only what runs.
 */
export function applicabilityOf(config: TriplineConfig, canaries: readonly Canary[]): (target: string, canary: Canary) => boolean {
  const onTarget = (target: string): Canary[] => canaries.filter((c) => (c.targets ?? config.targets).includes(target));
  // Per target, read once for all its canaries: the rule is decided once per engine (a check, a
  // baseline run, a daemon until its next reload) from the baselines as they were at its start.
  const seen = new Map<string, boolean | undefined>();
  return (target, canary) => {
    const parsed = parseTarget(target);
    const provider = parsed ? config.providers[parsed.provider] : undefined;
    if (!parsed || !provider) return true;
    const input: ApplicabilityInput = { canary, target: parsed, provider, adapter: getProvider(provider.type), snapshotsDir: config.snapshots, onTarget: onTarget(target) };
    const logprobsSeen = (): boolean | undefined => {
      if (!seen.has(target)) seen.set(target, observedLogprobs(input));
      return seen.get(target);
    };
    return canaryApplies({ ...input, logprobsSeen });
  };
}

/**
 * Whether the target's answers carried logprobs in the baselines of the canaries that ask for them;
 * undefined while none has a baseline. A model that does not return them (OpenAI reasoning models,
 * many OpenAI-compatible servers) shows as baselines without any.
 */
function observedLogprobs(input: ApplicabilityInput): boolean | undefined {
  let seen: boolean | undefined;
  for (const canary of input.onTarget) {
    if (!canary.request.params.logprobs) continue;
    let samples: readonly { logprobs: unknown[] | null }[] | undefined;
    try {
      samples = readSnapshot(input.snapshotsDir, input.target.id, canary.id)?.samples;
    } catch (error) {
      // A broken snapshot is reported by its own canary's run; it tells nothing here.
      if (error instanceof SnapshotError) continue;
      throw error;
    }
    if (!samples?.length) continue;
    if (samples.some((s) => (s.logprobs?.length ?? 0) > 0)) return true;
    seen = false;
  }
  return seen;
}
