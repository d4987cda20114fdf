import { parseDate } from '../dates.js';
import { finishRows, sectionName, statusFromShutdown } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText } from '../tables.js';
import type { DeprecationSource } from '../types.js';
import { VertexAiRow } from './schema.js';

const COLUMNS = {
  model: [/^model id$/, /^model$/],
  shutdown: [/retirement date/, /discontinuation date/, /shutdown date/],
  replacement: [/recommended upgrade/, /replacement/],
};

/**
 * Vertex AI "Model versions and lifecycle": tables "Model ID / Release date / Retirement date"
 * per model family, "Not before October 16, 2026" lower bounds, "No retirement date announced",
 * and a "Retired models" table with a recommended upgrade. The alias table is not lifecycle data.
 */
export const vertexAi: DeprecationSource = {
  id: 'vertex-ai',
  defaultUrl: 'https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions',
  providerTypes: ['gemini'],
  rowSchema: VertexAiRow,
  parse(page) {
    const rows: DeprecationRow[] = [];
    let tablesRead = 0;
    for (const table of readTables(page.$)) {
      const cols = mapColumns(table.headers, COLUMNS, ['model', 'shutdown']);
      if (!cols) continue;
      tablesRead += 1;
      const retiredSection = table.section.some((s) => /retired/i.test(s));
      for (const cells of table.rows) {
        const modelId = modelIdOf(cellAt(cells, cols.model));
        const cell = cellAt(cells, cols.shutdown);
        if (!modelId || !cell) continue;
        const shutdown = parseDate(cell.text);
        rows.push({
          provider: 'vertex-ai',
          modelId,
          status: retiredSection ? 'retired' : statusFromShutdown(shutdown),
          shutdown,
          replacement: replacementOf(cellAt(cells, cols.replacement)),
          section: sectionName(table.section),
          text: rowText(cells),
        });
      }
    }
    if (tablesRead === 0) return { ok: false, reason: 'no table with "Model ID" and "Retirement date" columns' };
    return finishRows(rows, VertexAiRow, 'the model version tables');
  },
};
