import { parseDate } from '../dates.js';
import { finishRows, sectionName } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText } from '../tables.js';
import type { DeprecationSource } from '../types.js';
import { MistralRow } from './schema.js';

const COLUMNS = {
  name: [/^model$/],
  endpoint: [/api endpoints?/],
  legacy: [/legacy date/],
  deprecated: [/deprecation (on )?date/],
  shutdown: [/retirement date/],
  replacement: [/alternative model/, /replacement/],
};

/**
 * docs.mistral.ai models overview (platform-docs-public markdown): model tables with 7 columns
 * and a "Legacy models" table with 11 (… / Legacy date / Deprecation on date / Retirement date /
 * Alternative model), ids in backticks under "API Endpoints", dates written `2025/03/30`.
 * Models in tables without lifecycle columns are read as active.
 */
export const mistral: DeprecationSource = {
  id: 'mistral',
  defaultUrl: 'https://docs.mistral.ai/getting-started/models/models_overview/',
  providerTypes: [],
  rowSchema: MistralRow,
  parse(page) {
    const rows: DeprecationRow[] = [];
    let lifecycleTables = 0;
    for (const table of readTables(page.$)) {
      const cols = mapColumns(table.headers, COLUMNS, ['name', 'endpoint']);
      if (!cols) continue;
      if (cols.shutdown >= 0) lifecycleTables += 1;
      for (const cells of table.rows) {
        const modelId = modelIdOf(cellAt(cells, cols.endpoint));
        if (!modelId) continue;
        const legacy = cellAt(cells, cols.legacy);
        const deprecated = cellAt(cells, cols.deprecated);
        const shutdown = cellAt(cells, cols.shutdown);
        rows.push({
          provider: 'mistral',
          modelId,
          displayName: cellAt(cells, cols.name)?.text,
          status: shutdown ? 'legacy' : 'active',
          ...(legacy ? { announced: parseDate(legacy.text) } : {}),
          ...(deprecated ? { deprecated: parseDate(deprecated.text) } : {}),
          ...(shutdown ? { shutdown: parseDate(shutdown.text) } : {}),
          replacement: replacementOf(cellAt(cells, cols.replacement)),
          section: sectionName(table.section),
          text: rowText(cells),
        });
      }
    }
    if (lifecycleTables === 0) return { ok: false, reason: 'no models table with "API Endpoints" and "Retirement date" columns' };
    return finishRows(rows, MistralRow, 'the models tables');
  },
};
