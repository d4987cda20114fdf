import type { FindingDraft } from '../../domain/finding.js';
import type { FailedObservation, FailureClass, Observation } from '../../domain/observation.js';

/** Fraction of a cycle's requests that must fail before the cycle counts as unavailable. */
export const UNAVAILABLE_FRACTION = 0.5;

/** A cycle this broken measures nothing: baselines, streaks and probe state are left as they are. */
export function isUnavailable(observations: readonly Observation[]): boolean {
  const failed = observations.filter((o) => !o.ok).length;
  return observations.length === 0 || failed / observations.length >= UNAVAILABLE_FRACTION;
}

const mismatchClasses: ReadonlySet<FailureClass> = new Set(['status_body_mismatch']);

/**
 * Availability findings for one cycle. A status that contradicts its body is reported on sight;
 * other failures only when they dominate the cycle (the client already retried them).
 */
export function availabilityDrafts(observations: Observation[], target: string): FindingDraft[] {
  const failed = observations.filter((o): o is FailedObservation => !o.ok);
  if (failed.length === 0) return [];
  const drafts: FindingDraft[] = [];
  const mismatches = failed.filter((o) => mismatchClasses.has(o.failure.class));
  if (mismatches.length > 0) {
    const first = mismatches[0]!;
    drafts.push({
      kind: 'availability.status_body_mismatch',
      severity: 'warning',
      subject: `status ${first.status ?? 'none'}`,
      summary: `${target} answered HTTP ${first.status ?? '?'} with a body that says otherwise (${mismatches.length} of ${observations.length} requests)`,
      evidence: {
        status: first.status,
        message: first.failure.message,
        requestIds: mismatches.map((o) => o.requestId).filter(Boolean).slice(0, 5),
      },
      action:
        'Clients that trust the status code will mis-handle these responses; check the provider status page and your retry logic. Not reported as drift.',
    });
  }
  const others = failed.filter((o) => !mismatchClasses.has(o.failure.class));
  if (others.length > 0 && others.length / observations.length >= UNAVAILABLE_FRACTION) {
    const byClass = countBy(others.map((o) => o.failure.class));
    const main = Object.entries(byClass).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'error';
    const notFound = byClass['model_not_found'] ?? 0;
    drafts.push({
      kind: 'availability.error',
      severity: 'warning',
      subject: main,
      summary: `${target}: ${others.length} of ${observations.length} requests failed (${formatCounts(byClass)})`,
      evidence: {
        failures: byClass,
        statuses: [...new Set(others.map((o) => o.status))],
        messages: [...new Set(others.map((o) => o.failure.message))].slice(0, 3),
        requestIds: others.map((o) => o.requestId).filter(Boolean).slice(0, 5),
      },
      action:
        notFound > 0
          ? 'The provider no longer knows this model id: check `tripline deprecations` and move the target to its replacement.'
          : 'tripline could not measure this target; nothing was compared and no baseline changed. Check credentials, quota and the provider status page.',
    });
  }
  return drafts;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${v}× ${k}`)
    .join(', ');
}
