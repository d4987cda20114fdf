import type { CheerioAPI } from 'cheerio';
import { parseDate } from './dates.js';
import { sectionName, statusFromShutdown } from './rows.js';
import type { DeprecationRow, LifecycleStatus } from './schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText } from './tables.js';

/** Header patterns of the one-model-per-row lifecycle tables (Gemini API, Vertex AI). */
export type ShutdownColumns = { model: RegExp[]; shutdown: RegExp[]; replacement: RegExp[] };

/**
 * Rows of every table with a model and a shutdown column. A table under a section heading that
 * matches `section.pattern` gets `section.status`; others are active until a firm shutdown date.
 */
export function readShutdownTables<C extends ShutdownColumns>(
  $: CheerioAPI,
  input: { provider: string; columns: C; section: { pattern: RegExp; status: LifecycleStatus } },
): { rows: DeprecationRow[]; tablesRead: number } {
  const rows: DeprecationRow[] = [];
  let tablesRead = 0;
  for (const table of readTables($)) {
    const cols = mapColumns(table.headers, input.columns, ['model', 'shutdown']);
    if (!cols) continue;
    tablesRead += 1;
    const inSection = table.section.some((s) => input.section.pattern.test(s));
    for (const cells of table.rows) {
      const modelId = modelIdOf(cellAt(cells, cols.model));
      const shutdownCell = cellAt(cells, cols.shutdown);
      if (!modelId || !shutdownCell) continue;
      const shutdown = parseDate(shutdownCell.text);
      rows.push({
        provider: input.provider,
        modelId,
        status: inSection ? input.section.status : statusFromShutdown(shutdown),
        shutdown,
        replacement: replacementOf(cellAt(cells, cols.replacement)),
        section: sectionName(table.section),
        text: rowText(cells),
      });
    }
  }
  return { rows, tablesRead };
}
