import type { Finding } from '../domain/finding.js';
import { dateStartMs, isFirm } from './dates.js';
import { approachingFinding } from './findings.js';
import { targetsForRow, targetsOf, type MonitoredTarget } from './match.js';
import type { DeprecationRow, ParsedDate } from './schema.js';
import { markReminders } from './state.js';
import type { ResolvedSource } from './fetch.js';
import type { Sql } from '../storage/index.js';

const DAY_MS = 86_400_000;

/** The default reminder days before a shutdown (tripline.yaml `deprecations.reminderDays`). */
export const DEFAULT_REMINDER_DAYS = [90, 30, 14, 7, 1];

/** Rows of one source as currently known (fresh, or stored when the page could not be read). */
export interface SourceRows {
  resolved: ResolvedSource;
  rows: DeprecationRow[];
}

/**
 * Reminders for monitored models with a firm shutdown date (a month counts from its 1st; lower
 * bounds such as "Not sooner than" never remind). Each threshold is sent once per target, model and
 * date; when several are due at once (a late first sight) only the nearest is reported.
 */
export async function reminderFindings(input: {
  db: Sql;
  sources: SourceRows[];
  targets: MonitoredTarget[];
  reported?: Map<string, string[]>;
  reminderDays: number[];
  now: Date;
}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const done = new Set<string>();
  for (const { resolved, rows } of input.sources) {
    for (const target of input.targets) {
      const byModel = new Map<string, DeprecationRow[]>();
      for (const row of rows) {
        if (targetsForRow(row, resolved.source.providerTypes, [target], input.reported).length === 0) continue;
        byModel.set(row.modelId, [...(byModel.get(row.modelId) ?? []), row]);
      }
      for (const [modelId, modelRows] of byModel) {
        const shutdown = earliestFirm(modelRows);
        if (!shutdown) continue;
        const once = `${target.id}\u0000${modelId}\u0000${shutdown.iso}`;
        if (done.has(once)) continue;
        done.add(once);
        const daysLeft = Math.ceil(((dateStartMs(shutdown) ?? 0) - input.now.getTime()) / DAY_MS);
        if (daysLeft < 0) continue;
        const due = input.reminderDays.filter((d) => daysLeft <= d).sort((a, b) => a - b);
        const fresh = await markReminders(input.db, target.id, modelId, shutdown.iso, due, input.now);
        const nearest = due[0];
        if (fresh.length === 0 || nearest === undefined || !fresh.includes(nearest)) continue;
        const subject = { target: target.id, modelId, source: resolved.id, url: resolved.settings.url, now: input.now };
        findings.push(approachingFinding(subject, modelRows, shutdown, daysLeft, nearest));
      }
    }
  }
  return findings;
}

/** The earliest firm shutdown date among a model's rows (pages may list it in two tables). */
export function earliestFirm(rows: DeprecationRow[]): (ParsedDate & { iso: string }) | undefined {
  let best: (ParsedDate & { iso: string }) | undefined;
  for (const row of rows) {
    const d = row.shutdown;
    if (!isFirm(d)) continue;
    if (best === undefined || (dateStartMs(d) ?? 0) < (dateStartMs(best) ?? 0)) best = d;
  }
  return best;
}

/** One gauge sample: when a monitored model is scheduled to shut down. */
export interface ShutdownGauge {
  /** The target's provider name. */
  provider: string;
  /** The target's model. */
  model: string;
  /** Epoch seconds of the earliest firm shutdown date (a month counts from its 1st). */
  timestampSeconds: number;
}

/** Samples for a `tripline_deprecation_shutdown_timestamp_seconds`-style gauge, one per target with a firm date. */
export function shutdownGauges(
  rows: DeprecationRow[],
  targets: MonitoredTarget[],
  reported?: Map<string, string[]>,
): ShutdownGauge[] {
  const out: ShutdownGauge[] = [];
  for (const target of targets) {
    const matched = rows.filter((r) => targetsOf(r, [target], reported).length > 0);
    const shutdown = earliestFirm(matched);
    const ms = dateStartMs(shutdown);
    if (ms !== null) out.push({ provider: target.provider, model: target.model, timestampSeconds: Math.floor(ms / 1000) });
  }
  return out;
}
