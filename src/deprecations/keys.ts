import type { DeprecationRow } from './schema.js';

/**
 * Stable keys for a page's rows: section, model id and display name; a repeat within the same
 * section (one model listed twice) adds its announcement date, then an ordinal.
 */
export function keyRows(rows: DeprecationRow[]): Map<string, DeprecationRow> {
  const out = new Map<string, DeprecationRow>();
  for (const row of rows) {
    const base = [row.section, row.modelId, row.displayName ?? ''].join('|');
    let key = base;
    if (out.has(key)) key = `${base}|${row.announced?.iso ?? ''}`;
    for (let n = 2; out.has(key); n += 1) key = `${base}#${n}`;
    out.set(key, row);
  }
  return out;
}

/** A fresh row with the stored row it continues (undefined when the row is new). */
export interface PairedRow {
  key: string;
  row: DeprecationRow;
  before: DeprecationRow | undefined;
}

/**
 * Pairs fresh rows with stored ones: by key, then leftover rows by model id in page order, so that
 * a renamed heading ("Claude 3 Sonnet" → "Claude Sonnet 3") is not a new row.
 */
export function pairRows(stored: Map<string, DeprecationRow>, fresh: Map<string, DeprecationRow>): PairedRow[] {
  const leftover = new Map([...stored].filter(([k]) => !fresh.has(k)));
  const pairs: PairedRow[] = [];
  for (const [key, row] of fresh) {
    let before = stored.get(key);
    if (before === undefined) {
      const candidate = [...leftover].find(([, r]) => r.modelId === row.modelId && r.displayName === row.displayName);
      if (candidate) {
        leftover.delete(candidate[0]);
        before = candidate[1];
      }
    }
    pairs.push({ key, row, before });
  }
  return pairs;
}
