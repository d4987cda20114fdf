/**
 * The length of a rate limit's window, from one response's limit, remaining and reset headers
 * (docs/statistics.md#rate-limit-windows). Providers refill a limit continuously: the reset header
 * says when the used part is whole again, so `reset = used / limit × window`, and
 * `window = reset × limit / used`. The header's precision (and clock disagreement for timestamps)
 * makes that an interval; samples are intersected and the window's scale is every scale the
 * interval touches. A window is compared by its interval and scales, never by its reset, so load on
 * the account (which moves the reset, not the window) never changes it.
 */
import type { ResetReading, SuccessObservation } from '../../domain/observation.js';
import { WINDOW_SCALES, type WindowRange, type WindowScale } from './schema.js';

/** Upper edges of each scale in ms: the geometric midpoints between 1 ms, 1 s, 1 min, 1 h and 1 day. */
const UPPER_MS: Record<WindowScale, number> = {
  ms: Math.sqrt(1 * 1000),
  s: Math.sqrt(1000 * 60_000),
  min: Math.sqrt(60_000 * 3_600_000),
  h: Math.sqrt(3_600_000 * 86_400_000),
  day: Infinity,
};

/** Every scale an interval of window lengths touches, smallest first. */
export function scalesOf(loMs: number, hiMs: number): WindowScale[] {
  let lower = 0;
  const out: WindowScale[] = [];
  for (const scale of WINDOW_SCALES) {
    if (hiMs >= lower && loMs < UPPER_MS[scale]) out.push(scale);
    lower = UPPER_MS[scale];
  }
  return out;
}

/** The limit a rate-limit header belongs to: its name without the limit/remaining/reset word. */
export function limitGroup(name: string): string {
  return name
    .split('-')
    .filter((part) => part !== 'limit' && part !== 'remaining' && part !== 'reset')
    .join('-');
}

function findIn<T>(record: Readonly<Record<string, T>> | undefined, group: string): T | undefined {
  const name = Object.keys(record ?? {}).find((n) => limitGroup(n) === group);
  return name === undefined ? undefined : record?.[name];
}

/** One sample's window interval for the limit header `name`; null when the headers cannot say. */
export function sampleWindow(o: Pick<SuccessObservation, 'rateLimits' | 'rateRemaining' | 'rateResets'>, name: string): [number, number] | null {
  const group = limitGroup(name);
  const limit = Number(o.rateLimits[name]);
  const remaining = Number(findIn(o.rateRemaining, group));
  const reset: ResetReading | undefined = findIn(o.rateResets, group);
  const used = limit - remaining;
  // Nothing used (or unreadable numbers): the reset says nothing about the window.
  if (!reset || !(limit > 0) || !(used > 0) || !Number.isFinite(used)) return null;
  return [(Math.max(0, reset.ms - reset.precisionMs) * limit) / used, ((reset.ms + reset.precisionMs) * limit) / used];
}

/** Intersection of intervals; null when two disagree (the provider does not refill as assumed). */
function intersect(ranges: readonly [number, number][]): [number, number] | null {
  const lo = Math.max(...ranges.map((r) => r[0]));
  const hi = Math.min(...ranges.map((r) => r[1]));
  return lo <= hi ? [lo, hi] : null;
}

export function toRange(interval: [number, number] | null): WindowRange | null {
  if (!interval) return null;
  const [lo, hi] = interval;
  return { loMs: Math.round(lo), hiMs: Math.round(hi), scales: scalesOf(lo, hi) };
}

/**
 * Each limit's window over the samples: absent when no sample could say, null when the samples
 * disagree (then the window is not compared rather than guessed).
 */
export function windowsOf(samples: readonly Pick<SuccessObservation, 'rateLimits' | 'rateRemaining' | 'rateResets'>[]): Record<string, WindowRange | null> {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.rateLimits)))].sort();
  const out: Record<string, WindowRange | null> = {};
  for (const name of names) {
    const ranges = samples.map((s) => sampleWindow(s, name)).filter((r): r is [number, number] => r !== null);
    if (ranges.length > 0) out[name] = toRange(intersect(ranges));
  }
  return out;
}

/** Two summaries' windows together (a grown baseline pool): intervals intersect. */
export function mergeWindows(
  a: Readonly<Record<string, WindowRange | null>>,
  b: Readonly<Record<string, WindowRange | null>>,
): Record<string, WindowRange | null> {
  const out: Record<string, WindowRange | null> = { ...a };
  for (const [name, range] of Object.entries(b)) {
    const known = out[name];
    if (known === undefined) out[name] = range;
    else out[name] = known && range ? toRange(intersect([[known.loMs, known.hiMs], [range.loMs, range.hiMs]])) : null;
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
}
