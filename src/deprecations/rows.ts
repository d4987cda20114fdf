import type { z } from 'zod';
import { isFirm } from './dates.js';
import type { DeprecationRow, LifecycleStatus, ParsedDate } from './schema.js';
import type { ParseResult } from './types.js';

/**
 * Validates extracted rows with the source's schema. Rows failing it are dropped (a stray
 * "Was this page helpful?" line after a markdown table); none left is a broken page.
 */
export function finishRows(candidates: DeprecationRow[], schema: z.ZodType<DeprecationRow>, what: string): ParseResult {
  const rows: DeprecationRow[] = [];
  for (const candidate of candidates) {
    const parsed = schema.safeParse(stripUndefined(candidate));
    if (parsed.success) rows.push(parsed.data);
  }
  if (rows.length === 0) {
    return { ok: false, reason: `no valid rows in ${what} (${candidates.length} candidates)` };
  }
  return { ok: true, rows };
}

function stripUndefined(row: DeprecationRow): DeprecationRow {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as DeprecationRow;
}

/** A status word as pages write it. */
export function statusFromWord(text: string | undefined): LifecycleStatus | undefined {
  const t = (text ?? '').toLowerCase();
  if (/retired|shut ?down|\beol\b|end[- ]of[- ]life|discontinued/.test(t)) return 'retired';
  if (/deprecat/.test(t)) return 'deprecated';
  if (/legacy/.test(t)) return 'legacy';
  if (/active|available|generally available|\bga\b|stable/.test(t)) return 'active';
  return undefined;
}

/** Pages without a status column: a firm shutdown date means deprecated, a lower bound or none means active. */
export function statusFromShutdown(shutdown: ParsedDate | undefined): LifecycleStatus {
  return isFirm(shutdown) ? 'deprecated' : 'active';
}

/** Trail joined for people and for row keys. */
export function sectionName(trail: string[]): string {
  return trail.join(' › ');
}

/** The announcement date that dated history headings start with ("2025-09-26: Legacy GPT model snapshots"). */
export function headingIsoDate(trail: string[]): string | undefined {
  for (let i = trail.length - 1; i >= 0; i -= 1) {
    const m = /^(\d{4}-\d{2}-\d{2})\b/.exec(trail[i] ?? '');
    if (m) return m[1];
  }
  return undefined;
}
