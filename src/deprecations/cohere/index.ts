import { parseDate } from '../dates.js';
import { finishRows, headingIsoDate, sectionName } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText } from '../tables.js';
import type { DeprecationSource } from '../types.js';
import { CohereRow } from './schema.js';

const COLUMNS = {
  shutdown: [/shutdown date/],
  model: [/deprecated model$/, /^model$/, /deprecated (model|endpoint)/],
  replacement: [/recommended replacement/, /replacement/],
};

/**
 * docs.cohere.com/docs/deprecations (MDX in cohere-developer-experience): dated `###` sections
 * under "Deprecation History", each with a table "Shutdown Date / Deprecated Model / Deprecated
 * Model Price / Recommended Replacement"; some sections are prose only (endpoint changes).
 */
export const cohere: DeprecationSource = {
  id: 'cohere',
  defaultUrl: 'https://docs.cohere.com/docs/deprecations',
  providerTypes: [],
  rowSchema: CohereRow,
  parse(page) {
    const rows: DeprecationRow[] = [];
    let tablesRead = 0;
    for (const table of readTables(page.$)) {
      const cols = mapColumns(table.headers, COLUMNS, ['shutdown', 'model']);
      if (!cols) continue;
      tablesRead += 1;
      const announced = headingIsoDate(table.section);
      for (const cells of table.rows) {
        const modelId = modelIdOf(cellAt(cells, cols.model));
        const shutdown = cellAt(cells, cols.shutdown);
        if (!modelId || !shutdown) continue;
        rows.push({
          provider: 'cohere',
          modelId,
          status: 'deprecated',
          ...(announced ? { announced: parseDate(announced) } : {}),
          shutdown: parseDate(shutdown.text),
          replacement: replacementOf(cellAt(cells, cols.replacement)),
          section: sectionName(table.section),
          text: rowText(cells),
        });
      }
    }
    if (tablesRead === 0) return { ok: false, reason: 'no table with "Shutdown Date" and "Deprecated Model" columns' };
    return finishRows(rows, CohereRow, 'the deprecation history tables');
  },
};
