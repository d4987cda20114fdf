import { z } from 'zod';

/** Every finding kind tripline can raise. Stable: alert routing and `check --json` consumers key on these. */
export const FindingKind = z.enum([
  'shape.field_removed',
  'shape.field_added',
  'shape.type_changed',
  'shape.schema_mismatch',
  'shape.header_removed',
  'shape.header_added',
  'shape.enum_value_new',
  'tokens.input_changed',
  'tokens.output_shift',
  'tokens.output_cap_changed',
  'tokens.invariant_broken',
  'defaults.changed',
  'reproducibility.degraded',
  'reproducibility.fingerprint_changed',
  'calibration.shift',
  'identity.model_changed',
  'identity.behavior_shift',
  'ratelimit.limit_changed',
  'availability.error',
  'availability.status_body_mismatch',
  'availability.provider_down',
  'budget.exhausted',
  'deprecation.announced',
  'deprecation.date_changed',
  'deprecation.approaching',
  'deprecation.source_broken',
  'assertion.failed',
  'baseline.recorded',
]);
export type FindingKind = z.infer<typeof FindingKind>;

/**
 * Kinds that describe the target, not the canary: every canary of a target sees the same renamed
 * field, re-pointed model id or hidden system prompt. One canary owns such a finding so that one
 * change is one alert, and accepting it re-records the whole target.
 */
export function isTargetLevel(kind: FindingKind): boolean {
  return (
    kind.startsWith('shape.') ||
    kind === 'identity.model_changed' ||
    kind === 'reproducibility.fingerprint_changed' ||
    kind === 'ratelimit.limit_changed' ||
    kind === 'tokens.input_changed' ||
    kind === 'deprecation.announced'
  );
}

export const Severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** True when `a` is at least as severe as `b`. */
export function severityAtLeast(a: Severity, b: Severity): boolean {
  return severityRank[a] >= severityRank[b];
}

/**
 * What changed, shown to people. `before`/`after` are the compared values; `diff` is a unified diff
 * where the thing compared is text. Probes add their statistics (pValue, statistic, effectSize, ...).
 */
export const Evidence = z
  .object({
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    diff: z.string().optional(),
  })
  .catchall(z.unknown());
export type Evidence = z.infer<typeof Evidence>;

export const Finding = z.object({
  /** Stable kind, `area.what`. */
  kind: FindingKind,
  severity: Severity,
  /** `provider/model`, or `provider` for provider-wide findings, or the source id for deprecation pages. */
  target: z.string(),
  /** The canary id, where one applies. */
  canary: z.string().optional(),
  /** What inside the target/canary the finding is about (a JSON path, a header, a model id); part of the dedup key. */
  subject: z.string().optional(),
  /** One line, fixed vocabulary, values included. */
  summary: z.string(),
  evidence: Evidence,
  /** What the reader should do. */
  action: z.string(),
  /** ISO 8601 time the finding was raised. */
  detectedAt: z.string(),
});
export type Finding = z.infer<typeof Finding>;

/** A finding before the runtime stamps it with target, canary and time. */
export type FindingDraft = Omit<Finding, 'target' | 'canary' | 'detectedAt'> & {
  target?: string;
  canary?: string;
};

/** The key under which the same condition is recognised across cycles (dedup, persistence, alerts). */
export function findingKey(f: Pick<Finding, 'target' | 'canary' | 'kind' | 'subject'>): string {
  return [f.target, f.canary ?? '', f.kind, f.subject ?? ''].join('|');
}

/** `check` exits 1 when any finding is warning or critical. */
export function isActionable(f: Pick<Finding, 'severity'>): boolean {
  return f.severity !== 'info';
}
