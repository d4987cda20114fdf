import { findingKey, severityAtLeast, type Finding } from '../../domain/finding.js';
import { providerOf } from '../match.js';

/** A (target, canary) pair that was evaluated this cycle; no canary = the whole target. */
export interface Evaluated {
  target: string;
  canary?: string;
}

/** The cycle after grouping provider-wide outages. */
export interface GroupedCycle {
  findings: Finding[];
  /** Keys of per-target findings folded into a provider alert: present, but not alerted on their own. */
  inhibited: Set<string>;
  /** Finding key of each provider-wide finding -> the targets it groups. */
  groupedTargets: Map<string, string[]>;
  /** `evaluated` plus one `{ target: provider }` per provider with an evaluated target. */
  evaluated: Evaluated[];
}

/** Outage signals; a broken baseline file is local to its pair, never part of a provider outage. */
const isAvailability = (f: Finding): boolean =>
  f.kind.startsWith('availability.') && f.kind !== 'availability.provider_down' && f.kind !== 'availability.snapshot_broken';

/**
 * When every configured target of a provider (two or more) was evaluated and has an
 * `availability.*` finding, those findings become one `availability.provider_down` finding
 * whose target is the provider name.
 */
export function groupProviderOutages(findings: Finding[], evaluated: Evaluated[], targets: readonly string[]): GroupedCycle {
  const byProvider = new Map<string, string[]>();
  for (const t of targets) {
    const provider = providerOf(t);
    const members = byProvider.get(provider);
    if (members) members.push(t);
    else byProvider.set(provider, [t]);
  }
  const evaluatedTargets = new Set(evaluated.map((e) => e.target));
  const out = [...findings];
  const inhibited = new Set<string>();
  const extra: Evaluated[] = [];
  const groupedTargets = new Map<string, string[]>();
  for (const [provider, members] of byProvider) {
    if (!members.some((t) => evaluatedTargets.has(t))) continue;
    extra.push({ target: provider });
    if (members.length < 2 || !members.every((t) => evaluatedTargets.has(t))) continue;
    const down = findings.filter((f) => isAvailability(f) && members.includes(f.target));
    if (!members.every((t) => down.some((f) => f.target === t))) continue;
    for (const f of down) inhibited.add(findingKey(f));
    const grouped = providerDown(provider, members, down);
    groupedTargets.set(findingKey(grouped), [...members].sort());
    out.push(grouped);
  }
  return {
    findings: out.filter((f) => !inhibited.has(findingKey(f))),
    inhibited,
    groupedTargets,
    evaluated: [...evaluated, ...extra],
  };
}

function providerDown(provider: string, members: string[], down: Finding[]): Finding {
  const severity = down.some((f) => severityAtLeast(f.severity, 'critical')) ? 'critical' : 'warning';
  const errors: Record<string, string> = {};
  for (const f of down) errors[f.target] ??= f.summary;
  const first = down.map((f) => f.detectedAt).sort()[0] ?? new Date(0).toISOString();
  return {
    kind: 'availability.provider_down',
    severity,
    target: provider,
    summary: `all ${members.length} targets of provider ${provider} are unavailable`,
    evidence: { targets: [...members].sort(), errors },
    action: `Check ${provider}'s status page, your API key and quota; the drift checks of these targets are paused until it answers again.`,
    detectedAt: first,
  };
}
