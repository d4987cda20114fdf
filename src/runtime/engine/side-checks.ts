import type { Canary } from '../../config/canary-schema.js';
import type { FindingDraft } from '../../domain/finding.js';
import type { Target } from '../../domain/target.js';
import { diffSideFacts, type Primitive } from '../../probes/side-facts.js';
import type { ProviderAdapter, SampleContext, SideRequest } from '../../providers/types.js';
import { readSideSnapshot, writeSideSnapshot } from '../../snapshots/index.js';
import { redactDeep } from '../../secrets/redact.js';
import { scrubResult } from './send-samples.js';
import type { ProviderCircuit } from './provider-circuit.js';
import type { EngineDeps } from './types.js';

/** The pseudo canary id under which a target's side endpoints are scheduled and persisted. */
export const SIDE_CANARY = '@metadata';
/** Byte limit of a metadata or token-count answer: a few hundred bytes when healthy. */
export const SIDE_MAX_RESPONSE_BYTES = 1024 * 1024;

export interface SideOutcome {
  /** Candidate drafts (persistence is applied by the caller). */
  candidates: FindingDraft[];
  requests: number;
  failed: number;
  recorded: boolean;
}

/** The canaries whose prompt a token-count endpoint counts: one fixed prompt (no items) read by the tokens probe. */
export function countedCanaries(canaries: readonly Canary[]): Canary[] {
  return canaries.filter((c) => c.probes.includes('tokens') && !c.items?.length);
}

/** A side request to send, and the canary whose prompt it counts (token-count endpoints only). */
interface PlannedSide {
  name: string;
  request: SideRequest['request'];
  counted?: Canary;
}

/**
 * The target's metadata endpoints once, and its token-count endpoint once per counted canary, named
 * `<endpoint> <canary id>`: counting is free, so every fixed prompt of the suite is checked each
 * cycle without spending tokens (docs/statistics.md#token-accounting).
 */
function planSides(adapter: ProviderAdapter, ctx: SampleContext, counted: readonly Canary[]): PlannedSide[] {
  const sides = adapter.sideRequests?.(ctx) ?? [];
  const plan: PlannedSide[] = sides.filter((s) => !s.countsPrompt).map((s) => ({ name: s.name, request: s.request }));
  for (const canary of counted) {
    for (const side of adapter.sideRequests?.({ ...ctx, canary }) ?? []) {
      if (side.countsPrompt) plan.push({ name: `${side.name} ${canary.id}`, request: side.request, counted: canary });
    }
  }
  return plan;
}

/**
 * Calls the provider's metadata and token-count endpoints and diffs their facts exactly against
 * the target's `_metadata.json` baseline: a moved default temperature or output limit is an
 * implicit-default change that no response body shows; a prompt counted differently is a tokenizer
 * change. An endpoint answering for the first time (a canary added since) joins the baseline.
 */
export async function runSideChecks(input: {
  deps: EngineDeps;
  adapter: ProviderAdapter;
  target: Target;
  canary: Canary;
  /** Canaries whose prompt the token-count endpoint counts (see countedCanaries). */
  counted: readonly Canary[];
  mode: 'check' | 'baseline' | 'grow';
  signal?: AbortSignal;
  circuit?: ProviderCircuit | undefined;
}): Promise<SideOutcome> {
  const { deps, adapter, target } = input;
  const provider = deps.loaded.config.providers[target.provider]!;
  const requests = planSides(adapter, { canary: input.canary, target, provider, sample: 0 }, input.counted);
  const facts: Record<string, Record<string, Primitive>> = {};
  let failed = 0;
  for (const side of requests) {
    if (input.circuit?.skip(target.provider)) {
      failed++;
      continue;
    }
    const result = await deps.http.send(side.request, {
      timeoutMs: provider.timeout,
      maxRetries: provider.maxRetries,
      maxResponseBytes: Math.min(SIDE_MAX_RESPONSE_BYTES, provider.maxResponseBytes),
      signal: input.signal,
    });
    input.circuit?.record(target.provider, result);
    const secrets = deps.loaded.secrets;
    const endpoint = side.counted ? side.name.slice(0, side.name.indexOf(' ')) : side.name;
    const parsed = redactDeep(adapter.parseSide?.(endpoint, scrubResult(result, secrets)) ?? null, secrets);
    if (parsed) facts[side.name] = parsed;
    else failed++;
  }
  const outcome: SideOutcome = { candidates: [], requests: requests.length, failed, recorded: false };
  if (Object.keys(facts).length === 0) return outcome;
  const dir = deps.loaded.config.snapshots;
  // Only a check compares; a baseline run replaces the file, readable or not.
  const previous = input.mode === 'check' ? readSideSnapshot(dir, target.id) : null;
  const now = (deps.now ?? (() => new Date()))().toISOString();
  if (!previous || input.mode !== 'check') {
    await writeSideSnapshot(dir, { version: 1, target: target.id, recordedAt: now, facts });
    return { ...outcome, recorded: true };
  }
  // Only endpoints that answered this time are compared: a failed call is availability, not drift.
  const added: Record<string, Record<string, Primitive>> = {};
  for (const [name, after] of Object.entries(facts)) {
    const before = previous.facts[name];
    if (!before) {
      added[name] = after;
      continue;
    }
    const counted = requests.find((r) => r.name === name)?.counted;
    outcome.candidates.push(...diffSideFacts(name, before, after).map((d) => (counted ? asTokenCount(d, counted) : d)));
  }
  if (Object.keys(added).length > 0) {
    // Facts of endpoints no longer asked (a removed canary, the former single count) are dropped.
    const asked = new Set(requests.map((r) => r.name));
    const kept = Object.fromEntries(Object.entries(previous.facts).filter(([name]) => asked.has(name)));
    await writeSideSnapshot(dir, { ...previous, recordedAt: now, facts: { ...kept, ...added } });
  }
  return outcome;
}

/** A token-count endpoint that counts the same prompt differently is a tokenizer change. */
function asTokenCount(draft: FindingDraft, canary: Canary): FindingDraft {
  return {
    ...draft,
    kind: 'tokens.input_changed',
    summary: `token-count endpoint: ${draft.summary} for the prompt of canary ${canary.id}`,
    action:
      'The provider now counts the same prompt differently: the tokenizer or the counting changed; re-check cost forecasts and context-length headroom.',
  };
}
