import { parseDate } from '../dates.js';
import { finishRows, headingIsoDate, sectionName } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText } from '../tables.js';
import type { DeprecationSource } from '../types.js';
import { OpenAiRow } from './schema.js';

const COLUMNS = {
  shutdown: [/^shutdown date/, /shutdown/],
  model: [/^(deprecated|legacy) model$/, /^model \/ system$/, /^model$/, /^system$/],
  replacement: [/recommended replacement/, /replacement/],
};

/**
 * platform.openai.com/docs/deprecations: one table per dated `<h3>` announcement
 * ("Shutdown date | Model / system | Recommended replacement"); ISO dates, some written with
 * U+2011 non-breaking hyphens; "Legacy model" tables mark legacy rows.
 */
export const openai: DeprecationSource = {
  id: 'openai',
  defaultUrl: 'https://platform.openai.com/docs/deprecations',
  providerTypes: ['openai'],
  rowSchema: OpenAiRow,
  parse(page) {
    const rows: DeprecationRow[] = [];
    let tablesRead = 0;
    for (const table of readTables(page.$)) {
      const cols = mapColumns(table.headers, COLUMNS, ['shutdown', 'model']);
      if (!cols) continue;
      tablesRead += 1;
      const legacy = /legacy/.test(table.headers[cols.model] ?? '');
      const announcedIso = headingIsoDate(table.section);
      for (const cells of table.rows) {
        const modelId = modelIdOf(cellAt(cells, cols.model));
        const shutdown = cellAt(cells, cols.shutdown);
        if (!modelId || !shutdown) continue;
        rows.push({
          provider: 'openai',
          modelId,
          status: legacy ? 'legacy' : 'deprecated',
          ...(announcedIso ? { announced: parseDate(announcedIso) } : {}),
          shutdown: parseDate(shutdown.text),
          replacement: replacementOf(cellAt(cells, cols.replacement)),
          section: sectionName(table.section),
          text: rowText(cells),
        });
      }
    }
    if (tablesRead === 0) return { ok: false, reason: 'no table with "Shutdown date" and "Model" columns' };
    return finishRows(rows, OpenAiRow, 'the deprecation history tables');
  },
};
