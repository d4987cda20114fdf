import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation } from '../../domain/observation.js';
import { acceptTargetCommand, sortedUnique } from '../accept-hint.js';
import type { ProbeContext } from '../types.js';
import type { ShapeSummary } from './schema.js';

const RATE_LIMIT_HEADER = /ratelimit|rate-limit/;

/** Header-set drafts; rate-limit headers are left to the ratelimit probe when the canary runs it. */
export function headerDrafts(baseline: ShapeSummary, current: ShapeSummary, ctx: ProbeContext): FindingDraft[] {
  const owned = (h: string): boolean => !(ctx.canary.probes.includes('ratelimit') && RATE_LIMIT_HEADER.test(h));
  const seenNow = new Set(current.headers);
  const seenBefore = new Set(baseline.headers);
  const accept = acceptTargetCommand(ctx);
  const removed = baseline.requiredHeaders.filter((h) => owned(h) && !seenNow.has(h));
  const added = current.requiredHeaders.filter((h) => owned(h) && !seenBefore.has(h));
  return [
    ...removed.map(
      (h): FindingDraft => ({
        kind: 'shape.header_removed',
        severity: 'warning',
        subject: h,
        summary: `response header ${h} is gone; every baseline response had it`,
        evidence: { before: baseline.requiredHeaders, after: current.headers, removed: h },
        action: `Check whatever reads ${h} (request-id logging, version pinning, proxies), then accept with ${accept}.`,
      }),
    ),
    ...added.map(
      (h): FindingDraft => ({
        kind: 'shape.header_added',
        severity: 'info',
        subject: h,
        summary: `response header ${h} appears in every response; the baseline never had it`,
        evidence: { before: baseline.headers, after: current.requiredHeaders, added: h },
        action: `Usually harmless (a new gateway or version header); accept with ${accept}.`,
      }),
    ),
  ];
}

/** New values of enum-like fields (a new finish_reason is something client code may not handle). */
export function enumDrafts(baseline: ShapeSummary, current: ShapeSummary, ctx: ProbeContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const [path, values] of Object.entries(current.enums)) {
    const known = baseline.enums[path];
    if (!known) continue; // a new enum path is reported as a field change
    for (const value of values.filter((v) => !known.includes(v))) {
      drafts.push({
        kind: 'shape.enum_value_new',
        severity: 'warning',
        subject: `${path}=${value}`,
        summary: `${path} has a new value "${value}" (baseline: ${known.join(', ')})`,
        evidence: { before: known, after: values },
        action: `Make sure code switching on ${path} handles "${value}", then accept with ${acceptTargetCommand(ctx)}.`,
      });
    }
  }
  return drafts;
}

const issuePath = (issue: string): string => issue.split(': ')[0] ?? issue;

/** Schema issues the baseline did not have, one draft per issue path, the zod issues as evidence. */
export function schemaDrafts(
  baseline: ShapeSummary,
  current: ShapeSummary,
  samples: readonly SuccessObservation[],
  ctx: ProbeContext,
): FindingDraft[] {
  const known = new Set(baseline.schemaIssues);
  const fresh = current.schemaIssues.filter((i) => !known.has(i));
  return sortedUnique(fresh.map(issuePath)).map((path): FindingDraft => {
    const issues = fresh.filter((i) => issuePath(i) === path);
    const hit = samples.filter((s) => s.schemaIssues.some((i) => issues.includes(i))).length;
    return {
      kind: 'shape.schema_mismatch',
      severity: 'critical',
      subject: path,
      summary: `response no longer matches the expected schema at ${path} in ${hit}/${samples.length} responses: ${issues[0] ?? ''}`,
      evidence: { before: baseline.schemaIssues, after: issues, issues, samples: hit, of: samples.length },
      action: `The adapter could not read ${path}: compare the raw response with the provider's API reference, fix the adapter or client parsers, then accept with ${acceptTargetCommand(ctx)}.`,
    };
  });
}
