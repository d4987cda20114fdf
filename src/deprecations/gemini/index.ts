import { parseDate } from '../dates.js';
import { finishRows, sectionName, statusFromShutdown } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText } from '../tables.js';
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
    const rows: DeprecationRow[] = [];
    let tablesRead = 0;
    for (const table of readTables(page.$)) {
      const cols = mapColumns(table.headers, COLUMNS, ['model', 'shutdown']);
      if (!cols) continue;
      tablesRead += 1;
      const deprecatedSection = table.section.some((s) => /deprecated/i.test(s));
      for (const cells of table.rows) {
        const modelId = modelIdOf(cellAt(cells, cols.model));
        const shutdownCell = cellAt(cells, cols.shutdown);
        if (!modelId || !shutdownCell) continue;
        const shutdown = parseDate(shutdownCell.text);
        rows.push({
          provider: 'gemini',
          modelId,
          status: deprecatedSection ? 'deprecated' : statusFromShutdown(shutdown),
          shutdown,
          replacement: replacementOf(cellAt(cells, cols.replacement)),
          section: sectionName(table.section),
          text: rowText(cells),
        });
      }
    }
    if (tablesRead > 0) return finishRows(rows, GeminiRow, 'the deprecation tables');
    const notes = changelogRows(page.$);
    if (notes.sections === 0) {
      return { ok: false, reason: 'neither a table with "Model" and "Shutdown date" columns nor dated release notes found' };
    }
    return finishRows(notes.rows, GeminiRow, 'the release notes');
  },
};
