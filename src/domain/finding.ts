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
  'shape.stream_events_changed',
  'shape.stream_usage_missing',
  'shape.stream_terminator_missing',
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
  'identity.tenant_divergence',
  'identity.account_changed',
  'ratelimit.limit_changed',
  'ratelimit.window_changed',
  'availability.error',
  'availability.status_body_mismatch',
  'availability.provider_down',
  'availability.snapshot_broken',
  'budget.exhausted',
  'deprecation.announced',
  'deprecation.date_changed',
  'deprecation.approaching',
  'deprecation.source_broken',
  'assertion.failed',
  'assertion.refusal',
  'probe.skipped',
  'baseline.recorded',
  'cache.hit_rate_dropped',
  'cache.accounting_changed',
  'latency.shift',
]);
export type FindingKind = z.infer<typeof FindingKind>;

/**
 * What a finding is about, for the reader and for `check`'s exit code:
 * - `drift`: the contract moved against a reviewed baseline; closed by accepting a new baseline (exit 1).
 * - `deprecation`: a model is going away or its date moved (exit 1).
 * - `operational`: the contract could not be measured (outage, budget); not drift (exit 2).
 * - `informational`: nothing to act on (a baseline was recorded).
 */
export type FindingCategory = 'drift' | 'deprecation' | 'operational' | 'informational';

/** Everything tripline knows about one finding kind; one row per kind in {@link KIND_FACTS}. */
export interface KindFacts {
  readonly category: FindingCategory;
  /**
   * The kind describes the target, not the canary: every canary of a target sees the same renamed
   * field, re-pointed model id or hidden system prompt. One canary owns such a finding so that one
   * change is one alert, and accepting it re-records the whole target.
   */
  readonly targetLevel: boolean;
  /** What this likely breaks for the reader (the "impact" line of every alert). */
  readonly impact: string;
  /**
   * Evidence keys whose change is news to people already alerted (an open alert is `updated` only
   * when one of them, the severity or the affected targets change). Timestamps, counters, sample
   * excerpts and p-values move every cycle and are left out; so are `before`/`after` of a statistical
   * finding (evidence with a `pValue`), which are estimates re-measured every cycle.
   */
  readonly material: readonly string[];
}

const IMPACT = {
  shape: 'Parsers and SDKs that read this response may break or silently miss data.',
  stream: 'Streaming clients (chat UIs, SDK stream helpers, token meters) may misread the stream, hang or commit a partial answer.',
  tokens: 'Cost forecasts, context budgets and prompt-cache keys computed from token counts may be off.',
  defaults: 'Requests that rely on implicit defaults now behave differently.',
  reproducibility: 'Seeded, cached or replayed outputs no longer reproduce; evaluations may not be comparable.',
  calibration: 'Thresholds on confidence (routing, abstention, guardrails) may now misfire.',
  identity: 'The weights behind this model id may have changed; evaluations and prompt tuning may no longer hold.',
  account: 'Requests run under another organization, project or region than reviewed: billing, limits, data retention and residency may differ.',
  ratelimit: 'Throughput planning and client-side throttling may be wrong: expect more 429s or unused capacity.',
  availability: 'Requests are failing: the contract could not be measured. This is an outage signal, not drift.',
  budget: 'Canaries for this provider are paused until the budget resets; drift is not being watched.',
  deprecation: 'Calls to this model stop working at the shutdown date; plan and test the migration.',
  assertion: "Outputs no longer satisfy the canary's own assertion; consumers with the same expectation may fail.",
  refusal: 'The model now declines this request: users and pipelines sending the same prompt get a refusal instead of an answer.',
  baseline: 'None: informational.',
  cache: 'Repeated prompt prefixes may be billed at the full input price and answered slower; cost forecasts that count on cache savings are off.',
  latency: 'Timeouts, latency SLOs and user-facing response times that were sized on the old latency may no longer hold.',
  snapshot: 'Nothing is compared for this pair: drift on it goes unnoticed until its baseline file is readable again.',
} as const;

/** The compared values: what a deterministic finding is about. */
const VALUES = ['before', 'after'] as const;
/** Which way a statistical finding moved (and in which mode): its measurements are re-estimated every cycle. */
const DIRECTION = ['direction', 'mode'] as const;

const drift = (impact: string, targetLevel = false, material: readonly string[] = VALUES): KindFacts => ({
  category: 'drift',
  targetLevel,
  impact,
  material,
});
const operational = (material: readonly string[]): KindFacts => ({ category: 'operational', targetLevel: false, impact: IMPACT.availability, material });
const deprecation = (targetLevel: boolean, material: readonly string[]): KindFacts => ({ category: 'deprecation', targetLevel, impact: IMPACT.deprecation, material });

/**
 * The one table of per-kind facts. `satisfies Record<FindingKind, ...>`: a kind without a row does
 * not compile. Alert texts, `check`'s exit code, baseline acceptance and alert ownership read it.
 */
export const KIND_FACTS = {
  'shape.field_removed': drift(IMPACT.shape, true),
  'shape.field_added': drift(IMPACT.shape, true),
  'shape.type_changed': drift(IMPACT.shape, true),
  'shape.schema_mismatch': drift(IMPACT.shape, true),
  'shape.header_removed': drift(IMPACT.shape, true, ['removed']),
  'shape.header_added': drift(IMPACT.shape, true, ['added']),
  'shape.enum_value_new': drift(IMPACT.shape, true),
  'shape.stream_events_changed': drift(IMPACT.stream, true),
  'shape.stream_usage_missing': drift(IMPACT.stream, true),
  'shape.stream_terminator_missing': drift(IMPACT.stream, true),
  'tokens.input_changed': drift(IMPACT.tokens, true),
  'tokens.output_shift': drift(IMPACT.tokens, false, DIRECTION),
  'tokens.output_cap_changed': drift(IMPACT.tokens),
  'tokens.invariant_broken': drift(IMPACT.tokens, false, ['before']),
  'defaults.changed': drift(IMPACT.defaults),
  'reproducibility.degraded': drift(IMPACT.reproducibility, false, DIRECTION),
  'reproducibility.fingerprint_changed': drift(IMPACT.reproducibility, true),
  'calibration.shift': drift(IMPACT.calibration, false, DIRECTION),
  'identity.model_changed': drift(IMPACT.identity, true),
  'identity.behavior_shift': drift(IMPACT.identity, false, DIRECTION),
  // Target-level: every canary of the moved tenant sees the same re-pointed deployment.
  'identity.tenant_divergence': drift(
    'Keys, organisations or regions that should get the same model no longer do: results measured on one do not hold for the others.',
    true,
    ['moved', 'peers'],
  ),
  'identity.account_changed': drift(IMPACT.account, true),
  'ratelimit.limit_changed': drift(IMPACT.ratelimit, true),
  'ratelimit.window_changed': drift(IMPACT.ratelimit, true),
  'availability.error': operational(['statuses']),
  'availability.status_body_mismatch': operational(['status']),
  'availability.provider_down': operational(['targets']),
  'availability.snapshot_broken': { category: 'operational', targetLevel: false, impact: IMPACT.snapshot, material: ['error'] },
  'budget.exhausted': { category: 'operational', targetLevel: false, impact: IMPACT.budget, material: ['tokensPerDay', 'costPerDay'] },
  'deprecation.announced': deprecation(true, [...VALUES, 'replacement']),
  'deprecation.date_changed': deprecation(false, VALUES),
  'deprecation.approaching': deprecation(false, ['after', 'reminder']),
  'deprecation.source_broken': deprecation(false, ['url']),
  'assertion.failed': drift(IMPACT.assertion, false, ['rule']),
  'assertion.refusal': drift(IMPACT.refusal, false, ['before']),
  'probe.skipped': {
    category: 'operational',
    targetLevel: false,
    impact: 'This probe is not watching this canary: the drift it detects would go unnoticed.',
    material: ['reason'],
  },
  'baseline.recorded': { category: 'informational', targetLevel: false, impact: IMPACT.baseline, material: ['reason'] },
  'cache.hit_rate_dropped': drift(IMPACT.cache, false, DIRECTION),
  'cache.accounting_changed': drift(IMPACT.cache),
  'latency.shift': drift(IMPACT.latency, false, DIRECTION),
} as const satisfies Record<FindingKind, KindFacts>;

/** The facts of one kind. */
export function kindFacts(kind: FindingKind): KindFacts {
  return KIND_FACTS[kind];
}

/** See {@link KindFacts.targetLevel}. */
export function isTargetLevel(kind: FindingKind): boolean {
  return KIND_FACTS[kind].targetLevel;
}

/**
 * Drift against a reviewed baseline: accepting a new baseline closes it. Takes a string because kinds
 * also come back from the state database; an unknown kind is not drift.
 */
export function isDrift(kind: FindingKind | string): boolean {
  return Object.hasOwn(KIND_FACTS, kind) && KIND_FACTS[kind as FindingKind].category === 'drift';
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

/**
 * `check`'s exit code: 0 when nothing is warning or critical; 2 when only operational problems
 * (provider unavailable, budget exhausted); else 1. Drift beats unavailability: a finding about the
 * contract is the thing to act on.
 */
export function exitCodeOf(findings: readonly Pick<Finding, 'kind' | 'severity'>[]): 0 | 1 | 2 {
  const actionable = findings.filter(isActionable);
  if (actionable.some((f) => KIND_FACTS[f.kind].category !== 'operational')) return 1;
  return actionable.length > 0 ? 2 : 0;
}
