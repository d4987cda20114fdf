import type { TriplineConfig } from '../config/schema.js';
import { TriplineError } from '../domain/errors.js';
import type { Finding } from '../domain/finding.js';
import { formatDate } from '../deprecations/dates.js';
import { monitoredTargets, targetsOf } from '../deprecations/match.js';
import type { DeprecationRow } from '../deprecations/schema.js';
import { runDeprecationWatch, type SourceReport } from '../deprecations/watch.js';
import { createHttpClient } from '../http/client.js';
import type { HttpClient } from '../http/types.js';
import { openStateStore, stateLocationOf, type StateStore } from '../runtime/state/store.js';
import { redactSecrets } from '../secrets/redact.js';
import { formatFindings } from './format-findings.js';

export interface DeprecationsOptions {
  /** The loaded configuration (src/config/load.ts); only `config` and `secrets` are read. */
  loaded: { readonly config: TriplineConfig; readonly secrets?: readonly string[] };
  /** Print `{ rows, findings, sources }` as JSON. */
  json: boolean;
  /** Every model on the pages, not only monitored ones, in the table and in the findings. */
  all: boolean;
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  /** The shared client; the undici one when absent. */
  http?: HttpClient;
  /** Clock for reminders and timestamps (tests). */
  now?: Date;
  /** An open state store; `<stateDir>/tripline.db` is opened (and closed) when absent. */
  store?: StateStore;
}

/** Kinds that mean the pages changed (or cannot be read): `deprecations` exits 1 on them. */
const CHANGE_KINDS = new Set<Finding['kind']>(['deprecation.announced', 'deprecation.date_changed', 'deprecation.source_broken']);

/**
 * `tripline deprecations [--json] [--all]`: scrape the configured lifecycle pages once, print the
 * rows of monitored models and the findings since the last run. Exit 1 when something changed or a
 * page is broken, 0 otherwise, 2 on an operational error (state database, config).
 */
export async function runDeprecations(opts: DeprecationsOptions): Promise<number> {
  const { config } = opts.loaded;
  let store: StateStore;
  try {
    store = opts.store ?? (await openStateStore(stateLocationOf(config)));
  } catch (error) {
    if (error instanceof TriplineError) {
      opts.err.write(`tripline: ${error.code}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    const targets = monitoredTargets(config);
    const result = await runDeprecationWatch({
      config,
      http: opts.http ?? createHttpClient(),
      db: store.db,
      now: opts.now ?? new Date(),
      targets,
      allModels: opts.all,
    });
    const rows = result.rows
      .map((row) => ({ ...row, targets: targetsOf(row, targets).map((t) => t.id) }))
      .filter((row) => opts.all || row.targets.length > 0);
    const text = opts.json
      ? `${JSON.stringify({ rows, findings: result.findings, sources: result.sources }, null, 2)}\n`
      : renderText(rows, result.findings, result.sources, opts.all);
    opts.out.write(redactSecrets(text, opts.loaded.secrets ?? []));
    return result.findings.some((f) => CHANGE_KINDS.has(f.kind)) ? 1 : 0;
  } finally {
    if (!opts.store) await store.close();
  }
}

type ShownRow = DeprecationRow & { targets: string[] };

function renderText(rows: ShownRow[], findings: Finding[], sources: SourceReport[], all: boolean): string {
  const parts: string[] = [];
  if (rows.length === 0) {
    parts.push(all ? 'No rows read from the configured pages.\n' : 'No monitored model appears on the configured pages.\n');
  } else {
    const header = ['TARGET', 'MODEL', 'STATUS', 'SHUTDOWN', 'REPLACEMENT', 'SOURCE'];
    const body = rows.map((r) => [
      r.targets.join(', ') || '-',
      r.modelId,
      r.status,
      formatDate(r.shutdown),
      r.replacement ?? '-',
      r.provider,
    ]);
    parts.push(table([header, ...body]));
  }
  const failed = sources.filter((s) => !s.ok);
  if (failed.length > 0) parts.push(`\n${failed.map((s) => `source ${s.id} not read: ${s.error ?? 'unknown error'}`).join('\n')}\n`);
  parts.push(findings.length === 0 ? '\nNo changes since the last run.\n' : `\n${formatFindings(findings)}`);
  return parts.join('');
}

function table(lines: string[][]): string {
  const widths: number[] = [];
  for (const line of lines) line.forEach((cell, i) => (widths[i] = Math.min(Math.max(widths[i] ?? 0, cell.length), 48)));
  return lines
    .map((line) =>
      line
        .map((cell, i) => (cell.length > 48 ? `${cell.slice(0, 47)}…` : cell).padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

export { monitoredTargets } from '../deprecations/match.js';
