import { findingPagePath } from '../../../alerts/links.js';
import type { PageContext } from './context.js';
import { alertIndex, openAlerts } from './context.js';
import { html, page, pairPath, query, table, targetPath, utc, type Html } from './html.js';
import { pairStatus } from './overview.js';
import { sparkline, timeSeries, type Marker } from './svg.js';
import { markersOf, metricCharts, type MetricChart } from './timeline.js';
import type { HistoryEvent, StoredPoint } from '../../../history/store.js';

function charts(list: readonly MetricChart[], markers: readonly Marker[], period: readonly [number, number], alpha: number): Html {
  if (list.length === 0) return html`<p class="empty">No measurements in this period yet.</p>`;
  // The x axis starts at the first measurement or event of the period, so that a young history is not a sliver at the right edge.
  const first = Math.min(...list.flatMap((c) => c.series.flatMap((s) => s.points.map((p) => p[0]))), ...markers.map((m) => m.at));
  const start = Math.max(period[0], first - Math.max(60, (period[1] - first) * 0.02));
  const range = [start, period[1]] as const;
  return html`<div class="charts">${list.map((c) =>
    timeSeries({ id: `chart-${c.id}`, title: c.label, series: c.series, range, band: c.band, alpha: c.kind === 'p' ? alpha : undefined, markers }),
  )}</div>`;
}

function eventRows(events: readonly HistoryEvent[]): Html[] {
  return [...events].reverse().map(
    (e) => html`<tr><td>${utc(e.at * 1000)}</td><td>${e.type}</td><td>${e.canary ?? ''}</td><td class="${e.severity ?? ''}">${e.severity ?? ''}</td><td>${e.key && e.type === 'finding' ? html`<a href="${findingPagePath(e.key)}">${e.summary}</a>` : e.summary}</td></tr>`,
  );
}

function periodLinks(path: (days: number) => string, days: number): Html {
  return html`<p class="muted">period: ${[1, 7, 30, 90].map((d) => (d === days ? html`<b>${d}d</b> ` : html`<a href="${path(d)}">${d}d</a> `))} · markers: <span style="color:#cf222e">finding</span>, <span style="color:#bc4c00">confirmed (alert opened)</span>, <span style="color:#0969da">baseline accepted</span>, <span style="color:#1a7f37">resolved</span>, <span style="color:#8c959f">silenced</span>; shaded: baseline band; dashed red: α</p>`;
}

/** `/pair?target=&canary=`: each measurement over time with its band, α line and markers, and the pair's events. */
export async function pairPage(ctx: PageContext, target: string, canary: string, days: number): Promise<string | null> {
  const pair = ctx.pairs.find((p) => p.target === target && p.canary === canary);
  if (!pair) return null;
  const now = Math.floor(ctx.nowMs / 1000);
  const since = now - days * 86_400;
  const { markers, events } = await markersOf(ctx, target, canary, since);
  const points = await ctx.history.points(target, canary, since);
  const status = pairStatus(pair, alertIndex(await openAlerts(ctx.db)));
  const recent = await ctx.history.lastResults(target, canary, 24);
  return page(
    `${target} · ${canary}`,
    html`<p><a href="${targetPath(target)}">← ${target}</a> · status <span class="cell ${status.cls}">${status.label}</span> ${status.alert ? html`<a href="${findingPagePath(status.alert.key)}">${status.alert.finding.summary}</a>` : ''} · schedule <code>${pair.schedule}</code> · last run ${utc(pair.lastRunAt) || 'never'} ${sparkline(recent, 96)}</p>
${periodLinks((d) => query('/pair', { target, canary, days: d }), days)}
${charts(metricCharts([{ name: canary, points }], markers), markers, [since, now], ctx.config.evaluation.alpha)}
<h2>Events</h2>${table(['time (UTC)', 'event', 'canary', 'severity', 'summary'], eventRows(events), 'No findings or baseline changes in this period.', 'events')}`,
  );
}

/** `/target?target=`: the target's canaries, every measurement with one line per canary, its events. */
export async function targetPage(ctx: PageContext, target: string, days: number): Promise<string | null> {
  const pairs = ctx.pairs.filter((p) => p.target === target);
  if (pairs.length === 0) return null;
  const now = Math.floor(ctx.nowMs / 1000);
  const since = now - days * 86_400;
  const { markers, events } = await markersOf(ctx, target, undefined, since);
  const index = alertIndex(await openAlerts(ctx.db));
  const recent: string[][] = [];
  const series: { name: string; points: StoredPoint[] }[] = [];
  for (const p of pairs) {
    recent.push(await ctx.history.lastResults(p.target, p.canary, 24));
    series.push({ name: p.canary, points: await ctx.history.points(target, p.canary, since) });
  }
  const rows = pairs.map((p, i) => {
    const s = pairStatus(p, index);
    return html`<tr><td><a href="${pairPath(p.target, p.canary)}">${p.canary}</a></td><td><span class="cell ${s.cls}">${s.label}</span></td><td>${sparkline(recent[i] ?? [], 96)}</td><td>${utc(p.lastRunAt)}</td><td><code>${p.schedule}</code></td></tr>`;
  });
  return page(
    target,
    html`${table(['canary', 'status', 'recent runs', 'last run (UTC)', 'schedule'], rows, 'No canary runs on this target.', 'canaries')}
${periodLinks((d) => query('/target', { target, days: d }), days)}
${charts(metricCharts(series, markers), markers, [since, now], ctx.config.evaluation.alpha)}
<h2>Events</h2>${table(['time (UTC)', 'event', 'canary', 'severity', 'summary'], eventRows(events), 'No findings or baseline changes in this period.', 'events')}`,
  );
}
