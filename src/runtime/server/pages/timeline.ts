import { matches } from '../../../alerts/match.js';
import { listSilences } from '../../../alerts/lifecycle/silences.js';
import { HISTORY_METRICS } from '../../../history/metrics.js';
import type { HistoryEvent, StoredPoint } from '../../../history/store.js';
import type { PageContext } from './context.js';
import { transitions } from './read-model.js';
import type { Marker, Series } from './svg.js';

/** Days of history a pair or target page shows by default. */
export const DEFAULT_DAYS = 7;

/**
 * The events of a target (a pair when `canary` is given) as chart markers: findings (first seen),
 * confirmations (alert opened), acceptances (baseline recorded or an alert resolved by one),
 * resolutions and silences that match it.
 */
export async function markersOf(
  ctx: PageContext,
  target: string,
  canary: string | undefined,
  since: number,
): Promise<{ markers: Marker[]; events: HistoryEvent[] }> {
  const mine = (c: string | null): boolean => canary === undefined || c === null || c === canary;
  const events = (await ctx.history.events(target, since)).filter((e) => mine(e.canary));
  const markers: Marker[] = events.map((e) => ({ at: e.at, type: e.type === 'baseline' ? 'accepted' : 'finding', label: e.summary }));
  for (const t of await transitions(ctx.db, target, since * 1000)) {
    if (!mine(t.canary)) continue;
    if (t.type === 'opened') markers.push({ at: t.at, type: 'confirmed', label: `alert opened: ${t.key}` });
    else if (t.type === 'resolved') {
      const accepted = t.resolution === 'baseline_accepted';
      markers.push({ at: t.at, type: accepted ? 'accepted' : 'resolved', label: `${accepted ? 'baseline accepted' : 'resolved'}: ${t.key}` });
    }
  }
  for (const s of await listSilences(ctx.db)) {
    const at = Math.floor(Date.parse(s.createdAt) / 1000);
    if (at < since || !matches(s.match, { kind: s.match.kinds?.[0] ?? '*', target, ...(canary ? { canary } : {}) })) continue;
    markers.push({ at, type: 'silenced', label: `silence ${s.id} until ${s.until}${s.reason ? `: ${s.reason}` : ''}` });
  }
  return { markers: markers.sort((a, b) => a.at - b.at), events };
}

/** One chart's worth of data: a metric's series and, for measurements, the baseline band. */
export interface MetricChart {
  id: string;
  label: string;
  kind: 'value' | 'p';
  series: Series[];
  band?: [number, number];
}

/**
 * The charts of the metrics that have data. The baseline band is the 10–90 % range of the
 * measurement over the runs since the last baseline was recorded or accepted and before the first
 * finding after it: what "normal" looked like under the baseline in force.
 */
export function metricCharts(pointsByName: readonly { name: string; points: readonly StoredPoint[] }[], markers: readonly Marker[]): MetricChart[] {
  const accepted = markers.filter((m) => m.type === 'accepted').map((m) => m.at);
  const lastAccepted = accepted.length ? Math.max(...accepted) : -Infinity;
  const firstFindingAfter = Math.min(...markers.filter((m) => m.type === 'finding' && m.at > lastAccepted).map((m) => m.at), Infinity);
  return HISTORY_METRICS.flatMap((m, i) => {
    const series = pointsByName
      .map((s) => ({ name: s.name, points: s.points.flatMap((p) => (p.values[i] === null || p.values[i] === undefined ? [] : [[p.at, p.values[i]!] as const])) }))
      .filter((s) => s.points.length > 0);
    if (series.length === 0) return [];
    const normal = series.flatMap((s) => s.points.filter(([t]) => t >= lastAccepted && t < firstFindingAfter).map(([, v]) => v)).sort((a, b) => a - b);
    const chart: MetricChart = { id: m.id, label: m.label, kind: m.kind, series };
    if (m.kind === 'value' && normal.length >= 3) {
      chart.band = [normal[Math.floor(0.1 * (normal.length - 1))]!, normal[Math.ceil(0.9 * (normal.length - 1))]!];
    }
    return [chart];
  });
}
