import type { TriplineConfig } from '../../../config/schema.js';
import { isFirm } from '../../../deprecations/dates.js';
import { resolveSources } from '../../../deprecations/fetch.js';
import { monitoredTargets, targetsOf } from '../../../deprecations/match.js';
import { DeprecationRow } from '../../../deprecations/schema.js';
import type { History } from '../../../history/store.js';
import type { PairStatus } from '../../pipeline/types.js';
import type { Sql } from '../../../storage/index.js';
import { deprecationRows, openAlerts, type AlertView } from './read-model.js';

/** What one page render reads; built per request. */
export interface PageContext {
  db: Sql;
  config: TriplineConfig;
  pairs: readonly PairStatus[];
  history: History;
  nowMs: number;
  /** The request carries the server token: silence forms are shown and accepted. */
  canWrite: boolean;
}

/** A scraped row about a monitored model, with the targets it governs. */
export interface MonitoredRow {
  source: string;
  /** The page the row was read from. */
  url: string;
  row: DeprecationRow;
  targets: string[];
  firstSeen: string;
  lastSeen: string;
}

/** Every stored deprecation row that governs a configured target. */
export async function monitoredRows(ctx: PageContext): Promise<MonitoredRow[]> {
  const targets = monitoredTargets(ctx.config);
  const urls = new Map(resolveSources(ctx.config.deprecations?.sources ?? []).map((s) => [s.key, s.settings.url]));
  const out: MonitoredRow[] = [];
  for (const stored of await deprecationRows(ctx.db)) {
    const row = DeprecationRow.safeParse(stored.row);
    if (!row.success) continue;
    const governed = targetsOf(row.data, targets).map((t) => t.id);
    if (governed.length === 0) continue;
    out.push({
      source: stored.source,
      url: urls.get(stored.source) ?? stored.source.slice(stored.source.indexOf('@') + 1),
      row: row.data,
      targets: governed,
      firstSeen: stored.firstSeen,
      lastSeen: stored.lastSeen,
    });
  }
  return out;
}

/** Upcoming firm shutdowns of monitored targets, soonest first. */
export async function upcomingShutdowns(ctx: PageContext): Promise<{ date: string; model: string; targets: string[]; url: string }[]> {
  const today = new Date(ctx.nowMs).toISOString().slice(0, 10);
  const seen = new Set<string>();
  return (await monitoredRows(ctx))
    .filter((r) => isFirm(r.row.shutdown) && (r.row.shutdown.iso ?? '') >= today.slice(0, (r.row.shutdown.iso ?? '').length))
    .map((r) => ({ date: r.row.shutdown?.iso ?? '', model: r.row.modelId, targets: r.targets, url: r.url }))
    .filter((s) => (seen.has(`${s.date}|${s.model}`) ? false : (seen.add(`${s.date}|${s.model}`), true)))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Open alerts indexed for the grid: by `target|canary`, and target-wide ones by target. */
export function alertIndex(alerts: readonly AlertView[]): { pair: Map<string, AlertView>; target: Map<string, AlertView> } {
  const pair = new Map<string, AlertView>();
  const target = new Map<string, AlertView>();
  const rank = { critical: 2, warning: 1, info: 0 } as const;
  const worse = (a: AlertView | undefined, b: AlertView): boolean => !a || rank[b.finding.severity] > rank[a.finding.severity];
  for (const a of alerts) {
    if (a.canary !== null) {
      const k = `${a.target}|${a.canary}`;
      if (worse(pair.get(k), a)) pair.set(k, a);
    } else if (worse(target.get(a.target), a)) target.set(a.target, a);
  }
  return { pair, target };
}

export { openAlerts };
