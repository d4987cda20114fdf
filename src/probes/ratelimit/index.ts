import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation } from '../../domain/observation.js';
import { acceptTargetCommand, intersectAll, sortedUnique } from '../accept-hint.js';
import type { Probe, ProbeContext } from '../types.js';
import { RatelimitSummary, type WindowRange } from './schema.js';
import { mergeWindows, windowsOf } from './window.js';

const RATE_LIMIT_HEADER = /ratelimit|rate-limit/;

function summarize(samples: readonly SuccessObservation[]): RatelimitSummary {
  const names = samples.map((s) => s.headerNames.filter((h) => RATE_LIMIT_HEADER.test(h)));
  const limitNames = sortedUnique(samples.flatMap((s) => Object.keys(s.rateLimits)));
  const limits = Object.fromEntries(
    limitNames.map((n) => [n, sortedUnique(samples.flatMap((s) => (s.rateLimits[n] === undefined ? [] : [s.rateLimits[n]])))]),
  );
  return { limits, requiredNames: intersectAll(names), names: sortedUnique(names.flat()), windows: windowsOf(samples) };
}

function merge(a: RatelimitSummary, b: RatelimitSummary): RatelimitSummary {
  const keys = sortedUnique([...Object.keys(a.limits), ...Object.keys(b.limits)]);
  return {
    limits: Object.fromEntries(keys.map((k) => [k, sortedUnique([...(a.limits[k] ?? []), ...(b.limits[k] ?? [])])])),
    requiredNames: intersectAll([a.requiredNames, b.requiredNames]),
    names: sortedUnique([...a.names, ...b.names]),
    // A pool recorded before windows were read stays without: its samples no longer carry resets.
    ...(a.windows && b.windows ? { windows: mergeWindows(a.windows, b.windows) } : {}),
  };
}

function draft(subject: string, summary: string, before: unknown, after: unknown, ctx: ProbeContext): FindingDraft {
  return {
    kind: 'ratelimit.limit_changed',
    severity: 'warning',
    subject,
    summary,
    evidence: { before, after },
    action: `Re-check client-side throttling, concurrency and batch sizes against the new limits (and the account's tier), then accept with ${acceptTargetCommand(ctx)}.`,
  };
}

const span = (r: WindowRange): string => r.scales.join('/');

const UNITS: readonly [string, number][] = [['day', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1]];
const length = (ms: number): string => {
  const [unit, size] = UNITS.find(([, size]) => ms >= size) ?? ['ms', 1];
  return `${Number((ms / size).toFixed(1))} ${unit}`;
};
/** A window by its scales, or by its lengths where the two ranges share a scale (coarse whole-second readings). */
const told = (r: WindowRange, other: WindowRange): string =>
  r.scales.some((s) => other.scales.includes(s)) ? `${length(r.loMs)}–${length(r.hiMs)}` : span(r);

/**
 * Whether a window moved to another period. Each range always holds the true window (it carries
 * every rounding of the headers), so two ranges with no length in common cannot be one window:
 * this tells Anthropic's whole-second readings apart even when their coarse ranges touch a shared
 * scale. The 1 ms margin absorbs the rounding of the stored range ends. Scales that share none
 * imply disjoint ranges, so that older rule is kept; equal scale sets are not reported (a limit
 * that kept its period is not news).
 */
function windowMoved(known: WindowRange, range: WindowRange): boolean {
  const disjoint = range.loMs > known.hiMs + 1 || range.hiMs + 1 < known.loMs;
  const sameScales = range.scales.length === known.scales.length && range.scales.every((s) => known.scales.includes(s));
  return disjoint && !sameScales;
}

/** A window that can no longer be the baseline's, at another scale: the quota now refills over another period. */
function windowDrafts(baseline: RatelimitSummary, now: RatelimitSummary, ctx: ProbeContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const [name, range] of Object.entries(now.windows ?? {})) {
    const known = baseline.windows?.[name];
    if (!range || !known || !windowMoved(known, range)) continue;
    const limits = now.limits[name] ?? [];
    const same = limits.length > 0 && limits.every((v) => baseline.limits[name]?.includes(v));
    drafts.push({
      kind: 'ratelimit.window_changed',
      severity: 'warning',
      subject: name,
      summary: `rate-limit ${name} window changed: ${told(known, range)} → ${told(range, known)}${same ? ` (limit ${limits.join(', ')} unchanged)` : ''}`,
      evidence: { before: known.scales, after: range.scales, windowMs: { before: [known.loMs, known.hiMs], after: [range.loMs, range.hiMs] }, limit: limits },
      action: `${name} now refills over ${span(range)} instead of ${span(known)}: a burst that used to recover quickly can now block traffic for the rest of the window. Re-plan batch jobs and client-side throttling against the new window (check the account's tier), then accept with ${acceptTargetCommand(ctx)}.`,
    });
  }
  return drafts;
}

function compare(baseline: RatelimitSummary, now: RatelimitSummary, ctx: ProbeContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const [name, values] of Object.entries(now.limits)) {
    const known = baseline.limits[name];
    const fresh = values.filter((v) => known && !known.includes(v));
    if (!known || fresh.length === 0) continue;
    drafts.push(draft(name, `rate-limit ${name} changed: ${known.join(', ')} → ${fresh.join(', ')}`, known, values, ctx));
  }
  const seenNow = new Set(now.names);
  const seenBefore = new Set(baseline.names);
  for (const name of baseline.requiredNames.filter((n) => !seenNow.has(n))) {
    drafts.push(draft(name, `rate-limit header ${name} is gone; every baseline response had it`, name, null, ctx));
  }
  for (const name of now.requiredNames.filter((n) => !seenBefore.has(n))) {
    const value = now.limits[name];
    drafts.push(draft(name, `new rate-limit header ${name}${value ? ` = ${value.join(', ')}` : ''}`, null, value ?? name, ctx));
  }
  return [...drafts, ...windowDrafts(baseline, now, ctx)];
}

/** Rate-limit headers (docs/statistics.md#rate-limit-headers): exact diff of limit values, of the rate-limit header-name set and of each limit's window scale. */
export const ratelimit = {
  id: 'ratelimit',
  summarySchema: RatelimitSummary,
  summarize: (samples, _ctx) => summarize(samples),
  merge,
  evaluate({ baseline, current, ctx }) {
    if (current.length === 0) return { findings: [], state: null, metrics: { changes: 0 } };
    const findings = compare(baseline.summary, summarize(current), ctx);
    return { findings, state: null, metrics: { changes: findings.length } };
  },
} satisfies Probe<RatelimitSummary, null>;
