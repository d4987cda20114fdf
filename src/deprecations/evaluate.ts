import type { Finding } from '../domain/finding.js';
import { daysBetween, isFirm, sameDate } from './dates.js';
import { announcedFinding, dateChangedFinding, type DateChange, type Subject } from './findings.js';
import type { PairedRow } from './keys.js';
import { targetsForRow, type MonitoredTarget } from './match.js';
import type { DeprecationRow } from './schema.js';
import { markAnnounced } from './state.js';
import type { ResolvedSource } from './fetch.js';
import type { Sql } from '../storage/index.js';

/** What one successful read of a source is compared against. */
export interface EvaluateInput {
  db: Sql;
  resolved: ResolvedSource;
  /** Fresh rows paired with the stored rows they continue. */
  pairs: PairedRow[];
  /** Rows stored before this read. */
  stored: DeprecationRow[];
  /** False on the first successful read ever: its rows are not news for unmonitored models. */
  seenBefore: boolean;
  targets: MonitoredTarget[];
  reported?: Map<string, string[]>;
  /** Also report changes for models no target uses (`deprecations --all`). */
  allModels: boolean;
  now: Date;
}

/** The row says the model is going away: deprecated or retired, or a firm shutdown date. */
export function isGoingAway(row: DeprecationRow): boolean {
  return row.status === 'deprecated' || row.status === 'retired' || isFirm(row.shutdown);
}

/** Dates of a row that mean something else than before (a spelling change such as U+2011 is not one). */
export function dateChanges(before: DeprecationRow, after: DeprecationRow): DateChange[] {
  const out: DateChange[] = [];
  for (const field of ['shutdown', 'deprecated'] as const) {
    const b = before[field];
    const a = after[field];
    if (sameDate(b, a)) continue;
    // a firm date appearing where there was none is an announcement, not a move
    if ((b?.iso ?? null) === null && isFirm(a)) continue;
    out.push({ field, before: b, after: a, section: after.section });
  }
  return out;
}

interface Group {
  target: string;
  modelId: string;
  pairs: PairedRow[];
}

/** Groups fresh rows by (target, model): monitored targets, plus `provider/model` for the rest with `allModels`. */
function groupRows(input: EvaluateInput): { monitored: Group[]; others: Group[] } {
  const monitored = new Map<string, Group>();
  const others = new Map<string, Group>();
  for (const pair of input.pairs) {
    const matched = targetsForRow(pair.row, input.resolved.source.providerTypes, input.targets, input.reported);
    const ids = matched.map((t) => t.id);
    const into = ids.length > 0 ? monitored : others;
    if (ids.length === 0 && !input.allModels) continue;
    for (const target of ids.length > 0 ? ids : [`${pair.row.provider}/${pair.row.modelId}`]) {
      const key = `${target}\u0000${pair.row.modelId}`;
      const group = into.get(key) ?? { target, modelId: pair.row.modelId, pairs: [] };
      group.pairs.push(pair);
      into.set(key, group);
    }
  }
  return { monitored: [...monitored.values()], others: [...others.values()] };
}

/** Findings for one successful read: announcements and date changes. Records announcements. */
export async function evaluateSource(input: EvaluateInput): Promise<Finding[]> {
  const { monitored, others } = groupRows(input);
  const findings: Finding[] = [];
  for (const group of monitored) findings.push(...(await evaluateGroup(input, group, true)));
  if (input.seenBefore) for (const group of others) findings.push(...(await evaluateGroup(input, group, false)));
  return findings;
}

async function evaluateGroup(input: EvaluateInput, group: Group, monitored: boolean): Promise<Finding[]> {
  const rows = group.pairs.map((p) => p.row);
  const before = input.stored.filter((r) => r.modelId === group.modelId);
  const subject: Subject = {
    target: group.target,
    modelId: group.modelId,
    source: input.resolved.id,
    url: input.resolved.settings.url,
    now: input.now,
  };
  const goingAway = rows.filter(isGoingAway);
  const changes = uniqueChanges(group.pairs.flatMap((p) => (p.before ? dateChanges(p.before, p.row) : [])));
  const announce = monitored
    ? goingAway.length > 0 && (await markAnnounced(input.db, input.resolved.key, group.target, group.modelId, input.now))
    : goingAway.length > 0 && !before.some(isGoingAway);
  // A shutdown the page now puts earlier than it did is the critical news, whatever came with it:
  // a "not before" bound replaced by a firm date months earlier also turns the row deprecated, and
  // must not read as a mere announcement.
  if (changes.some(isShutdownEarlier)) return [dateChangedFinding(subject, changes, before, rows)];
  if (announce) return [announcedFinding(subject, goingAway, before)];
  return changes.length > 0 ? [dateChangedFinding(subject, changes, before, rows)] : [];
}

/** The effective shutdown (a firm date, or the first day a lower bound allows) moved earlier. */
export function isShutdownEarlier(c: DateChange): boolean {
  const days = daysBetween(c.before, c.after);
  return c.field === 'shutdown' && days !== null && days < 0;
}

/** The same move written in two tables of a page (status table and history) is one change. */
function uniqueChanges(changes: DateChange[]): DateChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => {
    const key = [c.field, c.before?.iso, c.before?.precision, c.after?.iso, c.after?.precision].join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
