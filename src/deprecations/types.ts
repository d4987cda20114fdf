import type { z } from 'zod';
import type { DeprecationSourceConfig, ProviderType } from '../config/schema.js';
import type { LoadedPage, PageFormat } from './page.js';
import type { DeprecationRow } from './schema.js';

export type { DeprecationRow } from './schema.js';
export type { LoadedPage, PageFormat } from './page.js';

/** Source type ids: folder names under src/deprecations/ and `type:` values in tripline.yaml. */
export type DeprecationSourceId = Exclude<DeprecationSourceConfig, string>['type'];

/** One `deprecations.sources` entry with the shorthand (`- openai`) expanded. */
export interface SourceSettings {
  /** Which scraper reads the page. */
  type: DeprecationSourceId;
  /** The page to fetch; the source's `defaultUrl` when the config names none. */
  url: string;
  /** Forces HTML or markdown reading; otherwise content type, then URL extension decide. */
  format?: PageFormat;
  /** `table` source: CSS selectors for the table and, within each row, the cells to read. */
  selectors?: { table: string; model: string; date: string; replacement?: string };
  /** `table` source: the provider name written on its rows. */
  provider?: string;
}

/** A page read into rows, or why it could not be: a broken layout is a value, not an exception. */
export type ParseResult = { ok: true; rows: DeprecationRow[] } | { ok: false; reason: string };

/** A lifecycle page scraper. Pure: fetching, diffing and findings live in watch.ts. */
export interface DeprecationSource {
  /** Equals the folder name and the `type:` in tripline.yaml `deprecations.sources`. */
  readonly id: DeprecationSourceId;
  /** The live page read when the config gives no `url:`; empty when the source needs one. */
  readonly defaultUrl: string;
  /** How the default page is served when its content type does not say. */
  readonly defaultFormat?: PageFormat;
  /**
   * Provider types (tripline.yaml `providers.*.type`) whose targets this page governs. Targets of
   * other types match only by provider name or when they are `openai-compatible` gateways.
   */
  readonly providerTypes: readonly ProviderType[];
  /** zod schema every extracted row must satisfy; rows failing it are dropped and counted. */
  readonly rowSchema: z.ZodType<DeprecationRow>;
  /** Pure: the rows of a loaded page, or the reason the page no longer reads as expected. */
  parse(page: LoadedPage, settings: SourceSettings): ParseResult;
}
