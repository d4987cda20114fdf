import type { Canary } from '../../config/canary-schema.js';
import { LengthSummary } from './schema.js';

/** How far past the baseline's cap an answer may run before the client stops it. */
export const CLIENT_CAP_HEADROOM = 1.25;

/**
 * The client-side cap a canary's next cycle uses: its `clientMaxTokens` ceiling, lowered to 1.25×
 * the cap the baseline observed (an answer that runs past the old cap already shows it was raised,
 * so a raise costs at most a quarter more than before). Undefined when the canary has no client cap.
 */
export function effectiveClientCap(canary: Canary, lengthSummary: unknown): number | undefined {
  const { clientMaxTokens, maxTokens } = canary.request.params;
  if (clientMaxTokens === undefined || maxTokens !== undefined) return undefined;
  const parsed = LengthSummary.safeParse(lengthSummary);
  const cap = parsed.success ? parsed.data.cap : null;
  return cap === null ? clientMaxTokens : Math.min(clientMaxTokens, Math.ceil(cap * CLIENT_CAP_HEADROOM));
}

/** The canary as sent this cycle: its client cap adjusted to the baseline (the canary file is unchanged). */
export function withClientCap(canary: Canary, lengthSummary: unknown): Canary {
  const cap = effectiveClientCap(canary, lengthSummary);
  if (cap === undefined || cap === canary.request.params.clientMaxTokens) return canary;
  return { ...canary, request: { ...canary.request, params: { ...canary.request.params, clientMaxTokens: cap } } };
}
