import type { Finding } from '../../domain/finding.js';
import { parseTarget } from '../../domain/target.js';
import type { ProviderDown } from './provider-circuit.js';
import type { CanaryRunResult } from './types.js';

const providerOf = (target: string): string => parseTarget(target)?.provider ?? target;

/** One `availability.provider_down` for a provider the circuit marked down, naming the pairs it affects. */
export function providerDownFinding(down: ProviderDown, affected: readonly { target: string; canary: string }[], at: string): Finding {
  const targets = [...new Set(affected.map((a) => a.target))].sort();
  return {
    kind: 'availability.provider_down',
    severity: 'warning',
    target: down.provider,
    summary: `provider ${down.provider} is unreachable (${down.lastError}): ${affected.length} runs on ${targets.length} targets measure nothing`,
    evidence: { targets, canaries: affected.map((a) => `${a.target} ${a.canary}`), lastError: down.lastError, skipped: down.skipped },
    action: `Check that ${down.provider}'s baseUrl resolves and answers (DNS, firewall, TLS, status page); nothing was compared and no baseline changed.`,
    detectedAt: at,
  };
}

/**
 * The cycle's findings with the per-canary availability errors of each provider found down folded
 * into that provider's one `availability.provider_down`.
 */
export function foldProviderDown(findings: readonly Finding[], runs: readonly CanaryRunResult[], down: readonly ProviderDown[], at: string): Finding[] {
  if (down.length === 0) return [...findings];
  const providers = new Set(down.map((d) => d.provider));
  const kept = findings.filter((f) => !(f.kind === 'availability.error' && providers.has(providerOf(f.target))));
  for (const d of down) {
    const affected = runs.filter((r) => r.result === 'unavailable' && providerOf(r.target) === d.provider);
    kept.push(providerDownFinding(d, affected, at));
  }
  return kept;
}

/** The daemon's form: a run of a provider marked down reports the provider, with all its pairs as evidence. */
export function foldRunIntoProviderDown(run: CanaryRunResult, down: ProviderDown, pairs: readonly { target: string; canary: string }[]): Finding[] {
  const at = run.findings[0]?.detectedAt ?? new Date().toISOString();
  const affected = pairs.filter((p) => providerOf(p.target) === down.provider);
  return [...run.findings.filter((f) => f.kind !== 'availability.error'), providerDownFinding(down, affected, at)];
}
