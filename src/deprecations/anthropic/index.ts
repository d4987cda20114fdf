import { parseDate } from '../dates.js';
import { finishRows, headingIsoDate, sectionName, statusFromWord } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText, type PageTable } from '../tables.js';
import type { DeprecationSource } from '../types.js';
import { AnthropicRow } from './schema.js';

const STATUS_TABLE = {
  model: [/api model name/, /^model$/],
  state: [/current state/, /^status$/],
  deprecated: [/^deprecated$/, /deprecation date/],
  shutdown: [/retire/],
};
const HISTORY_TABLE = {
  shutdown: [/retirement date$/, /retirement date/],
  model: [/deprecated model/],
  replacement: [/recommended replacement/, /replacement/],
};

/**
 * docs.claude.com model-deprecations (HTML or its markdown form): a "Model status" table
 * (API Model Name / Current State / Deprecated / Retired or Tentative Retirement Date) and one
 * table per dated announcement under "Deprecation history". Malformed markdown copies glue the
 * header row to the sentence before it and drop leading pipes; headers are matched by substring.
 */
export const anthropic: DeprecationSource = {
  id: 'anthropic',
  defaultUrl: 'https://docs.claude.com/en/docs/about-claude/model-deprecations',
  providerTypes: ['anthropic'],
  rowSchema: AnthropicRow,
  parse(page) {
    const rows: DeprecationRow[] = [];
    let statusTables = 0;
    for (const table of readTables(page.$)) {
      const status = mapColumns(table.headers, STATUS_TABLE, ['model', 'state', 'shutdown']);
      if (status) {
        statusTables += 1;
        rows.push(...statusRows(table, status));
        continue;
      }
      const history = mapColumns(table.headers, HISTORY_TABLE, ['shutdown', 'model']);
      if (history) rows.push(...historyRows(table, history));
    }
    if (statusTables === 0) return { ok: false, reason: 'no "Model status" table (API Model Name / Current State) found' };
    return finishRows(rows, AnthropicRow, 'the model status and deprecation history tables');
  },
};

function statusRows(table: PageTable, cols: Record<keyof typeof STATUS_TABLE, number>): DeprecationRow[] {
  const out: DeprecationRow[] = [];
  for (const cells of table.rows) {
    const modelId = modelIdOf(cellAt(cells, cols.model));
    const state = cellAt(cells, cols.state)?.text;
    if (!modelId || !state) continue;
    const deprecated = cellAt(cells, cols.deprecated);
    const shutdown = cellAt(cells, cols.shutdown);
    out.push({
      provider: 'anthropic',
      modelId,
      status: statusFromWord(state) ?? 'unknown',
      ...(deprecated ? { deprecated: parseDate(deprecated.text) } : {}),
      ...(shutdown ? { shutdown: parseDate(shutdown.text) } : {}),
      section: sectionName(table.section),
      text: rowText(cells),
    });
  }
  return out;
}

function historyRows(table: PageTable, cols: Record<keyof typeof HISTORY_TABLE, number>): DeprecationRow[] {
  const announced = headingIsoDate(table.section);
  const out: DeprecationRow[] = [];
  for (const cells of table.rows) {
    const modelId = modelIdOf(cellAt(cells, cols.model));
    const shutdown = cellAt(cells, cols.shutdown);
    if (!modelId || !shutdown) continue;
    out.push({
      provider: 'anthropic',
      modelId,
      status: 'deprecated',
      ...(announced ? { announced: parseDate(announced) } : {}),
      shutdown: parseDate(shutdown.text),
      replacement: replacementOf(cellAt(cells, cols.replacement)),
      section: sectionName(table.section),
      text: rowText(cells),
    });
  }
  return out;
}
