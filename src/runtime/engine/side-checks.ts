import type { Canary } from '../../config/canary-schema.js';
import type { FindingDraft } from '../../domain/finding.js';
import type { Target } from '../../domain/target.js';
import { diffSideFacts, type Primitive } from '../../probes/side-facts.js';
import type { ProviderAdapter } from '../../providers/types.js';
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

/**
 * Calls the provider's metadata and token-count endpoints and diffs their facts exactly against
 * the target's `_metadata.json` baseline: a moved default temperature or output limit is an
 * implicit-default change that no response body shows.
 */
export async function runSideChecks(input: {
  deps: EngineDeps;
  adapter: ProviderAdapter;
  target: Target;
  canary: Canary;
  mode: 'check' | 'baseline' | 'grow';
  signal?: AbortSignal;
  circuit?: ProviderCircuit | undefined;
}): Promise<SideOutcome> {
  const { deps, adapter, target } = input;
  const provider = deps.loaded.config.providers[target.provider]!;
  const ctx = { canary: input.canary, target, provider, sample: 0 };
  const requests = adapter.sideRequests?.(ctx) ?? [];
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
    const parsed = redactDeep(adapter.parseSide?.(side.name, scrubResult(result, secrets)) ?? null, secrets);
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
    writeSideSnapshot(dir, { version: 1, target: target.id, recordedAt: now, facts });
    return { ...outcome, recorded: true };
  }
  // Only endpoints that answered this time are compared: a failed call is availability, not drift.
  for (const [name, after] of Object.entries(facts)) {
    const before = previous.facts[name];
    if (!before) continue;
    outcome.candidates.push(...diffSideFacts(name, before, after).map((d) => (name === 'count_tokens' ? asTokenCount(d, input.canary) : d)));
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
