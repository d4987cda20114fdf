import type { TriplineConfig } from '../config/schema.js';
import type { Finding } from '../domain/finding.js';
import type { HttpClient } from '../http/types.js';
import { evaluateSource } from './evaluate.js';
import { fetchPage, resolveSources, type ResolvedSource } from './fetch.js';
import { sourceBrokenFinding } from './findings.js';
import { keyRows, pairRows } from './keys.js';
import type { MonitoredTarget } from './match.js';
import { DEFAULT_REMINDER_DAYS, reminderFindings, type SourceRows } from './reminders.js';
import type { DeprecationRow } from './schema.js';
import { loadSourceState, recordFailure, recordReached, recordRows } from './state.js';
import type { Sql } from '../storage/index.js';

export { findingFromModelStatus } from './model-status.js';
export { shutdownGauges, type ShutdownGauge } from './reminders.js';
export type { MonitoredTarget } from './match.js';

/** Fetch failures in a row before a page is reported broken (one miss is usually the network). */
export const BROKEN_AFTER_FAILURES = 3;

export interface WatchDeps {
  /** The resolved configuration; `deprecations.sources` and `reminderDays` are read. */
  config: TriplineConfig;
  http: HttpClient;
  /** The state database (migrations applied). */
  db: Sql;
  now: Date;
  /** Monitored targets with their provider type. */
  targets: MonitoredTarget[];
  /** Dated model ids responses reported per target id (`openai/gpt-4o` → [`gpt-4o-2024-08-06`]). */
  reportedModels?: Map<string, string[]>;
  /** Also report changes for models no target uses (`deprecations --all`). */
  allModels?: boolean;
  /** Run only the sources with these ids (the daemon schedules one job per source); all when absent. */
  only?: readonly string[];
  signal?: AbortSignal;
}

/** Ids of the configured sources, as `only` and `SourceReport.id` use them. */
export function deprecationSourceIds(config: TriplineConfig): string[] {
  return resolveSources(config.deprecations?.sources ?? []).map((r) => r.id);
}

/** How one source fared in a run. */
export interface SourceReport {
  /** Display id: the type, or `type@url` when a type is configured twice. */
  id: string;
  url: string;
  /** True when the page was fetched and read into rows. */
  ok: boolean;
  rowCount: number;
  /** Why not, when not ok. */
  error?: string;
}

export interface WatchResult {
  /** Current rows of every source (fresh, or the stored ones of sources that failed this run). */
  rows: DeprecationRow[];
  findings: Finding[];
  sources: SourceReport[];
  /**
   * What the alert lifecycle may consider looked at: one entry per source read (its id is the target
   * of its source_broken finding), so an alert of a page that reads again can clear. The daemon and
   * `check` hand these to the alert manager alike.
   */
  evaluated: { target: string }[];
}

/**
 * One run of the deprecation watch: fetch every configured page, read it into rows, compare with
 * the stored rows, and raise announced / date_changed / approaching / source_broken findings.
 * Rows and sent announcements and reminders are stored, so that a restart repeats nothing.
 */
export async function runDeprecationWatch(deps: WatchDeps): Promise<WatchResult> {
  const settings = deps.config.deprecations;
  const resolved = resolveSources(settings?.sources ?? []).filter((r) => !deps.only || deps.only.includes(r.id));
  const findings: Finding[] = [];
  const reports: SourceReport[] = [];
  const current: SourceRows[] = [];
  for (const r of resolved) {
    const outcome = await watchSource(deps, r);
    findings.push(...outcome.findings);
    reports.push(outcome.report);
    current.push({ resolved: r, rows: outcome.rows });
  }
  findings.push(
    ...(await reminderFindings({
      db: deps.db,
      sources: current,
      targets: deps.targets,
      ...(deps.reportedModels ? { reported: deps.reportedModels } : {}),
      reminderDays: settings?.reminderDays ?? DEFAULT_REMINDER_DAYS,
      now: deps.now,
    })),
  );
  return { rows: current.flatMap((c) => c.rows), findings, sources: reports, evaluated: reports.map((r) => ({ target: r.id })) };
}

async function watchSource(
  deps: WatchDeps,
  r: ResolvedSource,
): Promise<{ findings: Finding[]; report: SourceReport; rows: DeprecationRow[] }> {
  const state = await loadSourceState(deps.db, r.key);
  const stored = [...state.rows.values()];
  const failed = (error: string, finding: Finding | null) => ({
    findings: finding ? [finding] : [],
    report: { id: r.id, url: r.settings.url, ok: false, rowCount: 0, error },
    rows: stored,
  });
  const fetched = await fetchPage(deps.http, r, deps.signal);
  if (!fetched.ok) {
    const failures = await recordFailure(deps.db, r.key, fetched.error);
    const broken = failures >= BROKEN_AFTER_FAILURES;
    return failed(fetched.error, broken ? sourceBrokenFinding(r.id, r.settings.url, fetched.error, failures, deps.now) : null);
  }
  const parsed = r.source.parse(fetched.page, r.settings);
  if (!parsed.ok || parsed.rows.length === 0) {
    const reason = parsed.ok ? 'the page parsed to zero rows' : parsed.reason;
    await recordReached(deps.db, r.key, reason);
    return failed(reason, sourceBrokenFinding(r.id, r.settings.url, reason, null, deps.now));
  }
  const keyed = keyRows(parsed.rows);
  const findings = await evaluateSource({
    db: deps.db,
    resolved: r,
    pairs: pairRows(state.rows, keyed),
    stored,
    seenBefore: state.seenBefore,
    targets: deps.targets,
    ...(deps.reportedModels ? { reported: deps.reportedModels } : {}),
    allModels: deps.allModels ?? false,
    now: deps.now,
  });
  await recordRows(deps.db, r.key, keyed, deps.now);
  return { findings, report: { id: r.id, url: r.settings.url, ok: true, rowCount: parsed.rows.length }, rows: parsed.rows };
}
