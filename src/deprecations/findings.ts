import { createTwoFilesPatch } from 'diff';
import type { Finding, Severity } from '../domain/finding.js';
import { daysBetween, formatDate, normalizeText } from './dates.js';
import type { DeprecationRow, ParsedDate } from './schema.js';

/** One lifecycle date of one row that now means something else. */
export interface DateChange {
  /** Which date moved. */
  field: 'shutdown' | 'deprecated';
  before: ParsedDate | undefined;
  after: ParsedDate | undefined;
  /** Heading trail of the row it was read from. */
  section: string;
}

/** Who the finding is about and where the page is. */
export interface Subject {
  /** The monitored target id (`openai/gpt-4o`), or `provider/model` for unmonitored rows (`--all`). */
  target: string;
  /** The page's model id. */
  modelId: string;
  /** Display id of the source (`openai`, or `azure-openai@<url>` when a type is configured twice). */
  source: string;
  url: string;
  now: Date;
}

/** The evidence form of a date: original text, ISO value, precision. */
function dateEvidence(d: ParsedDate | undefined): { text: string; iso: string | null; precision: string } | null {
  return d ? { text: d.text, iso: d.iso, precision: d.precision } : null;
}

/** Unified diff of the rows' page text for one model, before and now. */
export function rowsDiff(s: Subject, before: DeprecationRow[], after: DeprecationRow[]): string {
  const text = (rows: DeprecationRow[]): string => rows.map((r) => `${r.section}: ${r.text}\n`).join('');
  return createTwoFilesPatch(`${s.source} (before)`, `${s.source} (now)`, text(before), text(after), undefined, undefined, {
    context: 2,
  });
}

function replacementOf(rows: DeprecationRow[]): string | undefined {
  return rows.find((r) => r.replacement !== undefined)?.replacement;
}

function base(s: Subject): Pick<Finding, 'target' | 'subject' | 'detectedAt'> {
  return { target: s.target, subject: s.modelId, detectedAt: s.now.toISOString() };
}

/** A monitored model is deprecated: it appeared on the page, turned deprecated, or got a shutdown date. */
export function announcedFinding(s: Subject, rows: DeprecationRow[], before: DeprecationRow[]): Finding {
  const shutdown = rows.map((r) => r.shutdown).find((d) => d?.iso != null);
  const replacement = replacementOf(rows);
  const status = rows.find((r) => r.status === 'retired')?.status ?? rows[0]?.status ?? 'deprecated';
  const when = shutdown ? `shutdown ${formatDate(shutdown)}` : 'no shutdown date yet';
  const instead = replacement ? `; replacement ${replacement}` : '';
  return {
    kind: 'deprecation.announced',
    severity: 'warning',
    ...base(s),
    summary: `${s.modelId} is ${status} on the ${s.source} lifecycle page: ${when}${instead}`,
    evidence: {
      before: before[0] ? { status: before[0].status, shutdown: dateEvidence(before[0].shutdown) } : null,
      after: { status, shutdown: dateEvidence(shutdown) },
      source: s.source,
      url: s.url,
      sections: [...new Set(rows.map((r) => r.section))],
      ...(replacement ? { replacement } : {}),
      diff: rowsDiff(s, before, rows),
    },
    action: replacement
      ? `Plan the migration of ${s.target} to ${replacement}${shutdown ? ` before ${formatDate(shutdown)}` : ''}.`
      : `Choose a replacement for ${s.target}${shutdown ? ` before ${formatDate(shutdown)}` : ''}.`,
  };
}

/** A lifecycle date moved: earlier shutdowns are critical, later or removed dates informational. */
export function dateChangedFinding(s: Subject, changes: DateChange[], before: DeprecationRow[], after: DeprecationRow[]): Finding {
  const main = changes.find((c) => c.field === 'shutdown') ?? changes[0];
  const delta = main ? daysBetween(main.before, main.after) : null;
  const earlier = delta !== null && delta < 0;
  const severity: Severity = earlier ? (main?.field === 'shutdown' ? 'critical' : 'warning') : 'info';
  const what = main?.field === 'deprecated' ? 'deprecation date' : 'shutdown';
  const moved =
    delta === null ? 'changed' : delta < 0 ? 'moved earlier' : delta > 0 ? 'moved later' : 'changed precision';
  const by = delta === null || delta === 0 ? '' : ` (${Math.abs(delta)} days ${delta < 0 ? 'earlier' : 'later'})`;
  const replacement = replacementOf(after);
  const plan = earlier ? `; plan the migration${replacement ? ` to ${replacement}` : ''} now` : '';
  const status = statusChange(before, after);
  return {
    kind: 'deprecation.date_changed',
    severity,
    ...base(s),
    summary: `${s.modelId} ${what} ${moved}: ${formatDate(main?.before)} → ${formatDate(main?.after)}${by}${wording(main)}${status ? `; now ${status.after}` : ''}${plan}`,
    evidence: {
      before: dateEvidence(main?.before),
      after: dateEvidence(main?.after),
      ...(delta !== null ? { days: delta } : {}),
      ...(status ? { status } : {}),
      changes: changes.map((c) => ({ field: c.field, section: c.section, before: dateEvidence(c.before), after: dateEvidence(c.after) })),
      source: s.source,
      url: s.url,
      diff: rowsDiff(s, before, after),
    },
    action: earlier
      ? `Move ${s.target} off ${s.modelId}${replacement ? ` to ${replacement}` : ''} before ${formatDate(main?.after)}.`
      : `No deadline got closer; update migration plans for ${s.target} to the new date ${formatDate(main?.after)}.`,
  };
}

/** The page's own words when the kind of date changed (a "not before" bound became a firm date). */
function wording(c: DateChange | undefined): string {
  if (!c?.before || !c.after || c.before.precision === c.after.precision) return '';
  const text = (d: ParsedDate): string => `"${normalizeText(d.text)}"`;
  return `; the page said ${text(c.before)}, now ${text(c.after)}`;
}

/** The row's status before and now, when it changed along with the date. */
function statusChange(before: DeprecationRow[], after: DeprecationRow[]): { before: string; after: string } | null {
  const was = before[0]?.status;
  const now = after[0]?.status;
  return was !== undefined && now !== undefined && was !== now ? { before: was, after: now } : null;
}

/** A reminder at one of the configured days before shutdown. */
export function approachingFinding(s: Subject, rows: DeprecationRow[], shutdown: ParsedDate, daysLeft: number, threshold: number): Finding {
  const replacement = replacementOf(rows);
  const severity: Severity = threshold <= 7 ? 'critical' : threshold <= 30 ? 'warning' : 'info';
  const when = daysLeft <= 0 ? 'shuts down today' : `shuts down in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  return {
    kind: 'deprecation.approaching',
    severity,
    ...base(s),
    summary: `${s.modelId} ${when} (${formatDate(shutdown)})${replacement ? `; replacement ${replacement}` : ''}`,
    evidence: { after: dateEvidence(shutdown), daysLeft, reminder: threshold, source: s.source, url: s.url },
    action: `Finish moving ${s.target} off ${s.modelId}${replacement ? ` to ${replacement}` : ''}; requests will fail after ${formatDate(shutdown)}.`,
  };
}

/** The page could not be fetched several times in a row, or no longer reads as a lifecycle page. */
export function sourceBrokenFinding(source: string, url: string, reason: string, failures: number | null, now: Date): Finding {
  const what = failures === null ? `no longer reads as expected: ${reason}` : `could not be fetched ${failures} times in a row (${reason})`;
  return {
    kind: 'deprecation.source_broken',
    severity: 'critical',
    target: source,
    subject: url,
    detectedAt: now.toISOString(),
    summary: `deprecation page ${source} ${what}`,
    evidence: { url, reason, ...(failures !== null ? { consecutiveFailures: failures } : {}) },
    action: `Open ${url} and check whether it moved or changed layout; fix the source's url or format in tripline.yaml, or update the scraper. Until then deprecations on this page go unseen.`,
  };
}
