import { resolveSources } from '../../../deprecations/fetch.js';
import { findingPagePath } from '../../../alerts/links.js';
import { parseTarget } from '../../../domain/target.js';
import type { PairStatus } from '../../pipeline/types.js';
import { alertIndex, openAlerts, upcomingShutdowns, type PageContext } from './context.js';
import { age, html, page, pairPath, query, table, targetPath, utc, type Html } from './html.js';
import { sourceHealth, type AlertView } from './read-model.js';
import { shutdownTimeline, sparkline } from './svg.js';

/** Targets per overview page: a fleet pages through; the problems come first. */
export const TARGETS_PER_PAGE = 50;
const SPARK_RUNS = 12;

/** Status class of one grid cell: its own alert, else a target-wide one, else its last result. */
export function pairStatus(p: PairStatus, index: ReturnType<typeof alertIndex>): { cls: string; label: string; alert?: AlertView } {
  const provider = parseTarget(p.target)?.provider ?? p.target;
  const alert = index.pair.get(`${p.target}|${p.canary}`) ?? index.target.get(p.target) ?? index.target.get(provider);
  if (alert) return { cls: `s-alert-${alert.finding.severity}`, label: `${alert.finding.severity}: ${alert.kind}`, alert };
  if (p.lastResult === null) return { cls: 's-none', label: 'not run yet' };
  return { cls: `s-${p.lastResult}`, label: p.lastResult };
}

/** `/`: the grid of targets x canaries, open alerts, upcoming shutdowns and deprecation source health. */
export async function overviewPage(ctx: PageContext, pageNumber: number): Promise<string> {
  const alerts = await openAlerts(ctx.db);
  const index = alertIndex(alerts);
  const byTarget = new Map<string, PairStatus[]>();
  for (const p of ctx.pairs) byTarget.set(p.target, [...(byTarget.get(p.target) ?? []), p]);
  const canaries = [...new Set(ctx.pairs.map((p) => p.canary))].sort();
  const statuses = new Map(ctx.pairs.map((p) => [`${p.target}|${p.canary}`, pairStatus(p, index)]));
  const weight = (cls: string): number => (cls.startsWith('s-alert-critical') ? 4 : cls.startsWith('s-alert') ? 3 : cls === 's-unavailable' ? 2 : 0);
  const worst = new Map([...byTarget].map(([t, list]) => [t, Math.max(0, ...list.map((p) => weight(statuses.get(`${p.target}|${p.canary}`)?.cls ?? '')))]));
  // Code-point order, not localeCompare: a fleet's thousand ids sort in a millisecond.
  const targets = [...byTarget.keys()].sort((a, b) => (worst.get(b) ?? 0) - (worst.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const pages = Math.max(1, Math.ceil(targets.length / TARGETS_PER_PAGE));
  const current = Math.min(Math.max(1, pageNumber), pages);
  const shown = targets.slice((current - 1) * TARGETS_PER_PAGE, current * TARGETS_PER_PAGE);
  const counts = { ok: 0, alert: 0, unavailable: 0, other: 0 };
  for (const s of statuses.values()) {
    if (s.cls.startsWith('s-alert')) counts.alert++;
    else if (s.cls === 's-ok') counts.ok++;
    else if (s.cls === 's-unavailable') counts.unavailable++;
    else counts.other++;
  }
  const recent = await ctx.history.lastResultsOf(shown, SPARK_RUNS);
  const cell = (p: PairStatus | undefined): Html => {
    if (!p) return html`<td></td>`;
    const s = statuses.get(`${p.target}|${p.canary}`)!;
    return html`<td><a class="cell ${s.cls}" href="${pairPath(p.target, p.canary)}" title="${`${p.canary}: ${s.label}`}">${s.label.split(':')[0]} ${sparkline(recent.get(`${p.target}|${p.canary}`) ?? [], 48)}</a></td>`;
  };
  const gridRows = shown.map((t) => {
    const pairs = new Map((byTarget.get(t) ?? []).map((p) => [p.canary, p]));
    return html`<tr><th><a href="${targetPath(t)}">${t}</a></th>${canaries.map((c) => cell(pairs.get(c)))}</tr>`;
  });
  const grid =
    targets.length === 0
      ? html`<p class="empty">No targets configured.</p>`
      : html`<table id="grid"><thead><tr><th>target</th>${canaries.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${gridRows}</tbody></table>`;
  const pager =
    pages > 1
      ? html`<nav class="pages">page ${current} of ${pages}: ${Array.from({ length: pages }, (_, i) => i + 1).map((n) => (n === current ? html`<b>${n}</b> ` : html`<a href="${query('/', { page: n })}">${n}</a> `))}</nav>`
      : '';
  const alertRows = alerts.map(
    (a) => html`<tr><td class="${a.finding.severity}">${a.finding.severity}</td><td>${a.kind}</td><td><a href="${targetPath(a.target)}">${a.target}</a></td><td>${a.canary ?? ''}</td><td><a href="${findingPagePath(a.key)}">${a.finding.summary}</a></td><td title="${utc(a.openedAt)}">${a.openedAt === null ? '' : age(a.openedAt, ctx.nowMs)}</td></tr>`,
  );
  const shutdowns = await upcomingShutdowns(ctx);
  const shutdownRows = shutdowns.map(
    (s) => html`<tr><td>${s.date}</td><td>${s.model}</td><td>${s.targets.map((t) => html`<a href="${targetPath(t)}">${t}</a> `)}</td><td><a href="${s.url}" rel="noreferrer">${s.url}</a></td></tr>`,
  );
  const health = await sourceHealth(ctx.db);
  const sourceRows = resolveSources(ctx.config.deprecations?.sources ?? []).map((s) => {
    const h = health.get(s.key);
    const state = !h ? 'not read yet' : h.consecutiveFailures > 0 ? `failing (${h.consecutiveFailures}x)` : 'ok';
    return html`<tr><td>${s.id}</td><td class="${h && h.consecutiveFailures > 0 ? 'critical' : ''}">${state}</td><td>${utc(h?.lastOkAt)}</td><td>${h?.lastError ?? ''}</td><td><a href="${s.settings.url}" rel="noreferrer">${s.settings.url}</a></td></tr>`;
  });
  return page(
    'Overview',
    html`<p class="summary"><span>${targets.length} targets</span><span>${ctx.pairs.length} pairs</span><span class="s-ok cell">${counts.ok} ok</span><span class="s-alert-warning cell">${counts.alert} alerting</span><span class="s-unavailable cell">${counts.unavailable} unavailable</span><span class="muted">${counts.other} not run / recording</span><span class="muted">as of ${utc(ctx.nowMs)}</span></p>
<h2>Open alerts</h2>${table(['severity', 'kind', 'target', 'canary', 'summary', 'age'], alertRows, 'No open alerts.', 'alerts')}
<h2>Targets × canaries</h2>${pager}${grid}
<h2>Next model shutdowns</h2>${shutdownTimeline(shutdowns.map((s) => ({ date: s.date, label: s.model })), ctx.nowMs)}${table(['shutdown', 'model', 'targets', 'source'], shutdownRows, 'No scheduled shutdown of a monitored model.', 'shutdowns')}
<h2>Deprecation sources</h2>${table(['source', 'health', 'last read', 'last error', 'page'], sourceRows, 'No deprecation sources configured.', 'sources')}`,
  );
}
