import { normalizeText, parseDate } from '../dates.js';
import { finishRows, statusFromShutdown } from '../rows.js';
import type { DeprecationRow } from '../schema.js';
import type { DeprecationSource } from '../types.js';
import { TableRow, TableSelectors } from './schema.js';

/**
 * The generic scraper for pages tripline does not know: a URL and CSS selectors in tripline.yaml
 * (`selectors: { table, model, date, replacement? }`, `provider:` to name the rows' provider).
 * A selector that stops matching is a broken source, never an empty success.
 */
export const table: DeprecationSource = {
  id: 'table',
  defaultUrl: '',
  providerTypes: [],
  rowSchema: TableRow,
  parse(page, settings) {
    const selectors = TableSelectors.safeParse(settings.selectors);
    if (!selectors.success) return { ok: false, reason: 'a table source needs selectors: table, model and date' };
    const { $ } = page;
    const sel = selectors.data;
    const tables = $(sel.table);
    if (tables.length === 0) return { ok: false, reason: `table selector "${sel.table}" matches nothing` };
    const provider = settings.provider ?? 'table';
    const rows: DeprecationRow[] = [];
    let modelCells = 0;
    tables.each((_, t) => {
      const trs = $(t).find('tr');
      const items = trs.length > 0 ? trs : $(t).children();
      items.each((__, tr) => {
        const model = $(tr).find(sel.model).first();
        if (model.length === 0) return;
        modelCells += 1;
        const modelId = normalizeText(model.text());
        const date = $(tr).find(sel.date).first();
        if (modelId === '' || date.length === 0) return;
        const shutdown = parseDate(normalizeText(date.text()));
        const replacement = sel.replacement ? normalizeText($(tr).find(sel.replacement).first().text()) : '';
        rows.push({
          provider,
          modelId,
          status: statusFromShutdown(shutdown),
          shutdown,
          ...(replacement !== '' ? { replacement } : {}),
          section: sel.table,
          text: normalizeText($(tr).children().toArray().map((c) => $(c).text()).join(' | ')),
        });
      });
    });
    if (modelCells === 0) return { ok: false, reason: `model selector "${sel.model}" matches nothing inside "${sel.table}"` };
    return finishRows(rows, TableRow, `"${sel.table}"`);
  },
};
