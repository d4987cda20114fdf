import { createHash } from 'node:crypto';
import { kindFacts, type Finding } from '../../domain/finding.js';

/** Marks hashes taken by this rule; a row hashed by an older rule is re-hashed without an update. */
const VERSION = 'm1:';

/** JSON with object keys sorted, so equal values hash equally whatever order a probe wrote them in. */
function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, stable(x)]));
  }
  return v;
}

/**
 * The part of a finding whose change is news to people already alerted: severity, the affected
 * targets, and the evidence keys its kind declares material (KindFacts.material). Statistical
 * evidence (with a `pValue`) keeps only its direction: its estimates move every cycle.
 */
export function materialOf(f: Finding, groupedTargets?: readonly string[] | null): Record<string, unknown> {
  const statistical = f.evidence['pValue'] !== undefined;
  const keys = kindFacts(f.kind).material.filter((k) => !(statistical && (k === 'before' || k === 'after')));
  const evidence = Object.fromEntries(keys.filter((k) => f.evidence[k] !== undefined).map((k) => [k, f.evidence[k]]));
  return { severity: f.severity, evidence, ...(groupedTargets ? { targets: [...groupedTargets].sort() } : {}) };
}

/** Fingerprint of {@link materialOf}: an open alert is `updated` only when this changes. */
export function materialHash(f: Finding, groupedTargets?: readonly string[] | null): string {
  const digest = createHash('sha256').update(JSON.stringify(stable(materialOf(f, groupedTargets)))).digest('hex');
  return `${VERSION}${digest.slice(0, 32)}`;
}

/** True when the stored hash was taken by an older rule (before material evidence): not comparable. */
export function isLegacyHash(hash: string): boolean {
  return !hash.startsWith(VERSION);
}
