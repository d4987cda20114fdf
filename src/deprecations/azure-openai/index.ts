import { parseDate } from '../dates.js';
import { finishRows, sectionName, statusFromShutdown } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import { cellAt, mapColumns, modelIdOf, readTables, replacementOf, rowText, type TableCell } from '../tables.js';
import type { DeprecationSource } from '../types.js';
import { AzureOpenAiRow } from './schema.js';

const COLUMNS = {
  model: [/^model$/, /^model name$/],
  version: [/^version$/],
  legacy: [/legacy date/],
  deprecated: [/deprecation date/],
  shutdown: [/retirement date/],
  replacement: [/suggested replacement/, /replacement/],
};

/**
 * Azure OpenAI "model retirements" (learn.microsoft.com, markdown in MicrosoftDocs/azure-ai-docs):
 * "Current models" (Model / Version / Retirement date / Suggested replacements) and "Deprecated
 * models"; the Foundry lifecycle page has one table per publisher with legacy, deprecation and
 * retirement dates. Cells carry notes after `<br>` and several models (`gpt-4`<br>`gpt-4-32k`).
 */
export const azureOpenAi: DeprecationSource = {
  id: 'azure-openai',
  defaultUrl: 'https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/model-retirements',
  providerTypes: ['azure-openai'],
  rowSchema: AzureOpenAiRow,
  parse(page) {
    const rows: DeprecationRow[] = [];
    let tablesRead = 0;
    for (const table of readTables(page.$)) {
      const cols = mapColumns(table.headers, COLUMNS, ['model', 'shutdown']);
      if (!cols) continue;
      tablesRead += 1;
      const deprecatedSection = table.section.some((s) => /deprecated/i.test(s));
      for (const cells of table.rows) {
        const shutdownCell = cellAt(cells, cols.shutdown);
        if (!shutdownCell) continue;
        const shutdown = parseDate(firstLine(shutdownCell));
        const version = cellAt(cells, cols.version)?.text ?? '';
        const deprecated = cellAt(cells, cols.deprecated);
        const legacy = cellAt(cells, cols.legacy);
        for (const name of modelNames(cellAt(cells, cols.model))) {
          rows.push({
            provider: 'azure-openai',
            modelId: withVersion(name, version),
            ...(version !== '' ? { displayName: `${name} version ${version}` } : {}),
            status: deprecatedSection ? 'deprecated' : statusFromShutdown(shutdown),
            ...(deprecated ? { deprecated: parseDate(firstLine(deprecated)) } : legacy ? { deprecated: parseDate(firstLine(legacy)) } : {}),
            shutdown,
            replacement: replacementOf(cellAt(cells, cols.replacement)),
            section: sectionName(table.section),
            text: rowText(cells),
          });
        }
      }
    }
    if (tablesRead === 0) return { ok: false, reason: 'no table with "Model" and "Retirement date" columns' };
    return finishRows(rows, AzureOpenAiRow, 'the retirement tables');
  },
};

function firstLine(cell: TableCell): string {
  return cell.lines[0] ?? cell.text;
}

/** `gpt-35-turbo`<br>`gpt-35-turbo-16k` names two models; a plain cell names one. */
function modelNames(cell: TableCell | undefined): string[] {
  if (!cell) return [];
  if (cell.codes.length > 1) return cell.codes;
  const id = modelIdOf(cell);
  return id ? [id] : [];
}

/** Azure versions follow OpenAI's snapshot suffixes (`gpt-4o` 2024-05-13); small integers are revisions. */
function withVersion(name: string, version: string): string {
  if (version === '' || /^\d{1,2}$/.test(version)) return name;
  return `${name}-${version}`;
}
