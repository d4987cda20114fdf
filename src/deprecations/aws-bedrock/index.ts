import { parseDate } from '../dates.js';
import { finishRows, sectionName } from '../rows.js';
import type { DeprecationRow, LifecycleStatus } from '../schema.js';
import { cellAt, mapColumns, readTables, rowText, type PageTable, type TableCell } from '../tables.js';
import type { DeprecationSource } from '../types.js';
import { AwsBedrockRow } from './schema.js';

const ACTIVE = { name: [/^model name$/], id: [/^model id$/], launch: [/launch date/], eol: [/eol date/, /end of life/] };
const RETIRING = {
  name: [/^model version$/, /^model name$/],
  legacy: [/^legacy date/],
  eol: [/^eol date/, /end[- ]of[- ]life/],
  replacementName: [/recommended model version replacement/, /replacement/],
  replacementId: [/recommended model id/],
};

/**
 * docs.aws.amazon.com/bedrock model-lifecycle: "Active versions" (Provider / Model name / Model ID /
 * Regions / Launch date / [EOL] / modalities), "Legacy versions" and "End-of-Life (EOL) versions"
 * keyed by display name. The active table's header lacks its EOL cell: 7 headers, 8 cells per row;
 * the extra cell after "Launch date" is read as the EOL date ("No sooner than 9/23/2025").
 */
export const awsBedrock: DeprecationSource = {
  id: 'aws-bedrock',
  defaultUrl: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html',
  providerTypes: [],
  rowSchema: AwsBedrockRow,
  parse(page) {
    const tables = readTables(page.$);
    const ids = new Map<string, string>();
    const rows: DeprecationRow[] = [];
    let retiringTables = 0;
    for (const table of tables) {
      const cols = mapColumns(table.headers, ACTIVE, ['name', 'id', 'launch']);
      if (cols) rows.push(...activeRows(table, cols, ids));
    }
    for (const table of tables) {
      const cols = mapColumns(table.headers, RETIRING, ['name', 'eol']);
      if (!cols) continue;
      retiringTables += 1;
      const status: LifecycleStatus = table.section.some((s) => /\beol\b|end[- ]of[- ]life/i.test(s)) ? 'retired' : 'legacy';
      for (const cells of table.rows) {
        const name = cellAt(cells, cols.name)?.text;
        const eol = cellAt(cells, cols.eol);
        if (!name || !eol) continue;
        const legacy = cellAt(cells, cols.legacy);
        const replacement = cellAt(cells, cols.replacementId)?.text || cellAt(cells, cols.replacementName)?.text;
        rows.push({
          provider: 'aws-bedrock',
          modelId: ids.get(nameKey(name)) ?? name,
          displayName: name,
          status,
          ...(legacy ? { deprecated: parseDate(legacy.text) } : {}),
          shutdown: parseDate(eol.text),
          ...(replacement ? { replacement } : {}),
          section: sectionName(table.section),
          text: rowText(cells),
        });
      }
    }
    if (retiringTables === 0) return { ok: false, reason: 'no table with "Model version" and "EOL date" columns' };
    return finishRows(rows, AwsBedrockRow, 'the lifecycle tables');
  },
};

function activeRows(table: PageTable, cols: Record<keyof typeof ACTIVE, number>, ids: Map<string, string>): DeprecationRow[] {
  const out: DeprecationRow[] = [];
  for (const cells of table.rows) {
    const name = cellAt(cells, cols.name)?.text;
    const id = cellAt(cells, cols.id)?.text;
    if (!name || !id) continue;
    ids.set(nameKey(name), id);
    const eol = eolCell(table, cells, cols);
    out.push({
      provider: 'aws-bedrock',
      modelId: id,
      displayName: name,
      status: 'active',
      ...(eol ? { shutdown: parseDate(eol.text) } : {}),
      section: sectionName(table.section),
      text: rowText(cells),
    });
  }
  return out;
}

/** The EOL cell: by header when the page has one, else the unlabelled extra cell after "Launch date". */
function eolCell(table: PageTable, cells: TableCell[], cols: Record<keyof typeof ACTIVE, number>): TableCell | undefined {
  if (cols.eol >= 0) return cellAt(cells, cols.eol);
  if (cells.length === table.headers.length + 1) return cellAt(cells, cols.launch + 1);
  return undefined;
}

/** "Claude Opus 4" and "Claude Opus 4.0", "Mistral Large (24.02)" and "Mistral Large 24.02" are one name. */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/(\d)\.0\b/g, '$1')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}
