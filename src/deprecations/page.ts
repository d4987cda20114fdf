import { load, type CheerioAPI } from 'cheerio';
import { Marked } from 'marked';

export type PageFormat = 'html' | 'markdown';

/** A fetched lifecycle page, ready for CSS selection whatever its original format. */
export interface LoadedPage {
  /** Where it was read from. */
  url: string;
  /** What the body was; markdown has been rendered to HTML already. */
  format: PageFormat;
  /** The document (rendered markdown, or the HTML as served) without scripts and styles. */
  $: CheerioAPI;
}

const marked = new Marked({ gfm: true, async: false });

/**
 * Which format to read a body as: the configured `format:`, else the content type, else the URL's
 * extension (`.md`, `.mdx`, `.markdown`), else the source's default, else HTML.
 */
export function detectFormat(
  url: string,
  contentType: string | undefined,
  configured?: PageFormat,
  fallback?: PageFormat,
): PageFormat {
  if (configured) return configured;
  const type = (contentType ?? '').toLowerCase();
  if (/\b(text\/markdown|text\/x-markdown|text\/mdx)\b/.test(type)) return 'markdown';
  if (type.includes('html')) return 'html';
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // a relative or odd URL: use it as written
  }
  if (/\.(md|mdx|markdown)$/i.test(path)) return 'markdown';
  return fallback ?? 'html';
}

/** Parses a body: markdown is rendered to HTML with `marked`, then both are read with cheerio. */
export function loadPage(body: string, format: PageFormat, url: string): LoadedPage {
  const html = format === 'markdown' ? renderMarkdown(body) : body;
  const $ = load(html);
  $('script, style, noscript, svg, template').remove();
  return { url, format, $ };
}

/** Front matter (`---` YAML block at the top of MDX docs) is metadata, not page text. */
function renderMarkdown(body: string): string {
  const withoutFrontMatter = body.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
  return marked.parse(withoutFrontMatter) as string;
}
