import { finishRows } from '../rows.js';
import { readShutdownTables } from '../shutdown-tables.js';
import type { DeprecationSource } from '../types.js';
import { changelogRows } from './changelog.js';
import { GeminiRow } from './schema.js';

const COLUMNS = {
  model: [/^model$/, /model (id|name|code)/],
  shutdown: [/shutdown date/, /retirement date/],
  released: [/release date/],
  replacement: [/recommended replacement/, /replacement/],
};

/**
 * ai.google.dev/gemini-api/docs/deprecations: one table per model family (Model / Release date /
 * Shutdown date / Recommended replacement) with month-only dates ("Earliest February 2026") and
 * "No shutdown date announced". Preview models are retired in the release notes
 * (gemini-api/docs/changelog) instead; a page without tables is read as those notes.
 */
export const gemini: DeprecationSource = {
  id: 'gemini',
  defaultUrl: 'https://ai.google.dev/gemini-api/docs/deprecations',
  providerTypes: ['gemini'],
  rowSchema: GeminiRow,
  parse(page) {
    const { rows, tablesRead } = readShutdownTables(page.$, {
      provider: 'gemini',
      columns: COLUMNS,
      section: { pattern: /deprecated/i, status: 'deprecated' },
    });
    if (tablesRead > 0) return finishRows(rows, GeminiRow, 'the deprecation tables');
    const notes = changelogRows(page.$);
    if (notes.sections === 0) {
      return { ok: false, reason: 'neither a table with "Model" and "Shutdown date" columns nor dated release notes found' };
    }
    return finishRows(notes.rows, GeminiRow, 'the release notes');
  },
};
