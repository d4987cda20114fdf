import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { normalizeText } from './dates.js';

/** One table cell, read three ways because pages put ids in `<code>` and notes after `<br>`. */
export interface TableCell {
  /** Whole cell text, whitespace collapsed, otherwise as written (U+2011 hyphens kept). */
  text: string;
  /** Texts of `<code>` elements (model ids on most pages), in order. */
  codes: string[];
  /** Text split at `<br>` and block boundaries, empty lines dropped. */
  lines: string[];
}

/** A table with the headings it sits under. */
export interface PageTable {
  /** Header texts, lowercased and normalised; may carry glued prose in malformed markdown. */
  headers: string[];
  /** Body rows (header row excluded). Rows may be shorter or longer than `headers`. */
  rows: TableCell[][];
  /** Heading trail above the table, outermost first (h1 headings dropped when deeper ones exist). */
  section: string[];
}

/** Callout titles inside a section ("Note" boxes on AWS pages) are not sections. */
const CALLOUT = /^(note|important|tip|warning|caution)$/i;

/** Reads every `<table>` in document order with its heading trail. */
export function readTables($: CheerioAPI): PageTable[] {
  const tables: PageTable[] = [];
  const trail: { level: number; text: string }[] = [];
  $('h1, h2, h3, h4, h5, h6, table').each((_, el) => {
    if (el.tagName === 'table') {
      if ($(el).parents('table').length > 0) return;
      const deep = trail.filter((h) => h.level > 1);
      tables.push(readTable($, $(el), (deep.length > 0 ? deep : trail).map((h) => h.text)));
      return;
    }
    const level = Number(el.tagName.slice(1));
    while (trail.length > 0 && (trail[trail.length - 1]?.level ?? 0) >= level) trail.pop();
    const text = headingText($, $(el));
    if (text !== '' && !CALLOUT.test(text)) trail.push({ level, text });
  });
  return tables;
}

/** Heading text; an empty heading (markdown "### " then the text on the next line) borrows the next line. */
function headingText($: CheerioAPI, h: Cheerio<Element>): string {
  const own = normalizeText(h.text());
  if (own !== '') return own;
  const next = h.next();
  if (next.length === 0 || next.is('table, h1, h2, h3, h4, h5, h6')) return '';
  const lines = cellLines($, next).filter((l) => l !== '');
  return (lines[0] ?? '').slice(0, 160);
}

function readTable($: CheerioAPI, table: Cheerio<Element>, section: string[]): PageTable {
  const allRows = table.find('tr').toArray();
  const headerRow = allRows.find((tr) => $(tr).children('th').length > 0) ?? allRows[0];
  const headers = headerRow ? $(headerRow).children('th, td').toArray().map((c) => normalizeHeader($(c).text())) : [];
  const rows = allRows
    .filter((tr) => tr !== headerRow)
    .map((tr) => $(tr).children('th, td').toArray().map((c) => readCell($, $(c))));
  return { headers, rows, section };
}

export function normalizeHeader(text: string): string {
  return normalizeText(text).replace(/\*+/g, '').toLowerCase().trim();
}

function readCell($: CheerioAPI, cell: Cheerio<Element>): TableCell {
  return {
    text: collapse(cell.text()),
    codes: cell
      .find('code')
      .toArray()
      .map((c) => normalizeText($(c).text()))
      .filter((t) => t !== ''),
    lines: cellLines($, cell),
  };
}

/** Whitespace collapsed, zero-width characters dropped; Unicode hyphens kept (dates keep their original text). */
function collapse(text: string): string {
  return text.replace(/[\u200b-\u200d\ufeff]/g, '').replace(/\s+/g, ' ').trim();
}

function cellLines($: CheerioAPI, el: Cheerio<Element>): string[] {
  const html = el.html() ?? '';
  const marked = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li)>/gi, '\n');
  return $('<div>')
    .html(marked)
    .text()
    .split('\n')
    .map(collapse)
    .filter((l) => l !== '');
}

/** Index of the first header matching a pattern (patterns tried in priority order); -1 when none. */
export function findColumn(headers: string[], patterns: RegExp[]): number {
  for (const p of patterns) {
    const i = headers.findIndex((h) => p.test(h));
    if (i >= 0) return i;
  }
  return -1;
}

/** Column indexes by role; a table qualifies only when every required role is found. */
export function mapColumns<S extends Record<string, RegExp[]>>(
  headers: string[],
  spec: S,
  required: (keyof S)[],
): Record<keyof S, number> | null {
  const cols = {} as Record<keyof S, number>;
  for (const key of Object.keys(spec) as (keyof S)[]) cols[key] = findColumn(headers, spec[key] ?? []);
  return required.every((k) => cols[k] >= 0) ? cols : null;
}

/** The cell at a column, or undefined when the column is absent or the row is short. */
export function cellAt(row: TableCell[], index: number): TableCell | undefined {
  return index < 0 ? undefined : row[index];
}

/** The row as the page shows it: cell texts joined with ` | `. */
export function rowText(row: TableCell[]): string {
  return row.map((c) => c.text).join(' | ');
}

/**
 * The model id in a cell: the leading `<code>` or leading id-like token ("gpt-4-0125-preview
 * (including ...)"). Cells that are prose ("New fine-tuning training on `babbage-002`",
 * "Assistants API") keep their whole text so that they never pose as the model they mention.
 */
export function modelIdOf(cell: TableCell | undefined): string | undefined {
  if (!cell) return undefined;
  const text = cell.text.replace(/^`|`$/g, '').replace(/\s*\*+$/, '');
  const code = cell.codes[0];
  if (code !== undefined && text.startsWith(code)) return code;
  const token = /^([\w.:@/+-]+?)\*?(?:\s*\(|\s*$)/.exec(text)?.[1];
  const id = (token ?? text).trim();
  return id === '' ? undefined : id;
}

/** A replacement cell as one string ("gpt-5 or gpt-4.1*"); "N/A", "-" and empty read as none. */
export function replacementOf(cell: TableCell | undefined): string | undefined {
  if (!cell) return undefined;
  const text = cell.lines.join('; ').trim();
  return text === '' || /^(n\/?a|none|-+|—)$/i.test(text) ? undefined : text;
}
