import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { normalizeText, parseDate, type ParsedDate } from '../dates.js';
import type { DeprecationRow } from '../schema.js';

const LIFECYCLE = /deprecat|shut ?down|retire/i;
const DATED_HEADING = /^[A-Z][a-z]+ \d{1,2}, \d{4}$/;

interface Context {
  heading: string;
  announced: ParsedDate;
  year: number;
}

/**
 * Release notes (ai.google.dev/gemini-api/docs/changelog): `<h2>` per date, bullets such as
 * "The following models will be deprecated:" with nested "November 12:" lists of `<code>` ids,
 * "Deprecation for `x` and `y` coming December 09, 2025.", "`x` will be deprecated on July 15, 2025."
 * Only sentences about a lifecycle step count: a model merely mentioned beside one is not a row.
 */
export function changelogRows($: CheerioAPI): { rows: DeprecationRow[]; sections: number } {
  const rows: DeprecationRow[] = [];
  let sections = 0;
  $('h2').each((_, h) => {
    const heading = normalizeText($(h).text());
    if (!DATED_HEADING.test(heading)) return;
    sections += 1;
    const announced = parseDate(heading);
    const ctx: Context = { heading, announced, year: Number(announced.iso?.slice(0, 4)) };
    for (let el = $(h).next(); el.length > 0 && !el.is('h2'); el = el.next()) {
      el.children('li').each((__, li) => {
        rows.push(...bulletRows($, $(li), ctx));
      });
    }
  });
  return { rows, sections };
}

function bulletRows($: CheerioAPI, li: Cheerio<AnyNode>, ctx: Context): DeprecationRow[] {
  const own = li.clone();
  own.children('ul, ol').remove();
  const ownText = normalizeText(own.text());
  if (!LIFECYCLE.test(ownText)) return [];
  const nested = li.children('ul, ol').children('li');
  if (nested.length === 0) return sentenceRows(ownText, codesIn($, own), ctx);
  const groups = nested.toArray().filter((n) => $(n).children('ul, ol').length > 0);
  if (groups.length > 0) {
    return groups.flatMap((g) => {
      const label = normalizeText($(g).clone().children('ul, ol').remove().end().text()).replace(/:$/, '');
      const when = parseDate(label, { defaultYear: ctx.year });
      return leafIds($, $(g).find('li')).map((id) => row(id, `${ownText} ${label}:`, when, ctx));
    });
  }
  const when = parseDate(ownText, { defaultYear: ctx.year });
  const replacement = sentences(ownText).find((s) => /instead/i.test(s));
  const replacementId = replacement ? codesIn($, own).find((c) => mentions(replacement, c)) : undefined;
  return leafIds($, nested).map((id) => row(id, ownText, when, ctx, replacementId));
}

/** One row per model id named in a sentence that states a lifecycle step. */
function sentenceRows(text: string, ids: string[], ctx: Context): DeprecationRow[] {
  const out: DeprecationRow[] = [];
  for (const sentence of sentences(text)) {
    if (!LIFECYCLE.test(sentence) || /instead/i.test(sentence)) continue;
    const when = parseDate(sentence, { defaultYear: ctx.year });
    for (const id of ids.filter((c) => mentions(sentence, c))) out.push(row(id, sentence, when, ctx));
  }
  return out;
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/);
}

/** Whole-id mention: `gemini-2.5-flash` is not mentioned by `gemini-2.5-flash-preview-04-17`. */
function mentions(sentence: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`).test(sentence);
}

/** First `<code>` of each list item: "`gemini-embedding-exp-03-07` (`gemini-embedding-exp`)" is one model. */
function leafIds($: CheerioAPI, items: Cheerio<AnyNode>): string[] {
  return items
    .toArray()
    .filter((n) => $(n).children('ul, ol').length === 0)
    .map((n) => normalizeText($(n).find('code').first().text()))
    .filter((t) => t !== '');
}

function codesIn($: CheerioAPI, scope: Cheerio<AnyNode>): string[] {
  return scope
    .find('code')
    .toArray()
    .map((c) => normalizeText($(c).text()))
    .filter((t) => t !== '');
}

function row(modelId: string, sentence: string, when: ParsedDate, ctx: Context, replacement?: string): DeprecationRow {
  return {
    provider: 'gemini',
    modelId,
    status: 'deprecated',
    announced: ctx.announced,
    ...(when.iso !== null ? { shutdown: when } : {}),
    ...(replacement ? { replacement } : {}),
    section: `Release notes › ${ctx.heading}`,
    text: `${modelId}: ${sentence}`,
  };
}
