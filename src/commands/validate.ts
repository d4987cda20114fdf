import { ConfigError, formatProblem } from '../domain/errors.js';
import type { ConfigProblem } from '../domain/errors.js';
import { UNSET_MAX_TOKENS_ASSUMED, estimateLoad } from '../config/cost-estimate.js';
import type { TargetLoad } from '../config/cost-estimate.js';
import { displayPath, loadConfig } from '../config/load.js';
import type { LoadedConfig } from '../config/load.js';
import { snapshotFileProblems } from './snapshot-files.js';
import { measuredUsageFrom } from './validate/measured-usage.js';
import { applicabilityOf } from '../runtime/engine/applicability.js';
import { powerRows, powerTable, quietRequestsOf, type PowerRow } from './power-table.js';

/** Options of `tripline validate`. */
export interface ValidateOptions {
  /** Path of tripline.yaml as the user gave it. */
  configPath: string;
  /** Fail (exit 2) on warnings too. */
  strict?: boolean;
  /** Print one JSON document on `out` (problems, warnings, summary, load) instead of text. */
  json?: boolean;
  /** Where the summary goes. */
  out: NodeJS.WritableStream;
  /** Where problems and warnings go. */
  err: NodeJS.WritableStream;
  /** Environment for `${VAR}` interpolation; process.env when absent. */
  env?: NodeJS.ProcessEnv;
}

/** Exit codes of `validate` (CONVENTIONS 4.1.5). */
export const VALIDATE_EXIT = { ok: 0, invalid: 2, internal: 3 } as const;

/**
 * `tripline validate [--strict]`: loads the config, every canary file and every snapshot file, prints every problem as
 * `file:line:column: field.path: message` and returns the exit code; never prints a stack trace.
 */
export function runValidate(opts: ValidateOptions): number {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(opts.configPath, opts.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      if (opts.json) return printJson(opts, { valid: false, problems: err.problems, warnings: [] }, VALIDATE_EXIT.invalid);
      for (const p of err.problems) opts.err.write(`${formatProblem(p)}\n`);
      const n = err.problems.length;
      opts.err.write(`${opts.configPath}: invalid, ${n} ${n === 1 ? 'problem' : 'problems'}\n`);
      return VALIDATE_EXIT.invalid;
    }
    opts.err.write(`${opts.configPath}: cannot validate: ${err instanceof Error ? err.message : String(err)}\n`);
    return VALIDATE_EXIT.internal;
  }
  // Baselines are read on every run: a broken file is as invalid as a broken canary.
  const snapshots = snapshotFileProblems(loaded.config.snapshots);
  if (snapshots.length > 0) {
    if (opts.json) return printJson(opts, { valid: false, problems: snapshots, warnings: loaded.warnings }, VALIDATE_EXIT.invalid);
    for (const p of snapshots) opts.err.write(`${formatProblem(p)}\n`);
    const n = snapshots.length;
    opts.err.write(`${opts.configPath}: invalid, ${n} ${n === 1 ? 'problem' : 'problems'} in snapshot files\n`);
    return VALIDATE_EXIT.invalid;
  }
  const failed = Boolean(opts.strict) && loaded.warnings.length > 0;
  if (opts.json) {
    const body = { valid: !failed, problems: [], warnings: loaded.warnings, ...summaryFacts(loaded), load: dailyLoad(loaded, powerRows(loaded)) };
    return printJson(opts, body, failed ? VALIDATE_EXIT.invalid : VALIDATE_EXIT.ok);
  }
  for (const w of loaded.warnings) opts.err.write(`${formatWarning(w)}\n`);
  if (failed) {
    const n = loaded.warnings.length;
    opts.err.write(`${opts.configPath}: invalid with --strict, ${n} ${n === 1 ? 'warning' : 'warnings'}\n`);
    return VALIDATE_EXIT.invalid;
  }
  opts.out.write(summary(opts.configPath, loaded));
  return VALIDATE_EXIT.ok;
}

function printJson(opts: ValidateOptions, body: Record<string, unknown>, code: number): number {
  opts.out.write(`${JSON.stringify({ config: opts.configPath, ...body }, null, 2)}\n`);
  return code;
}

/** What the text summary lists, as values. */
function summaryFacts(loaded: LoadedConfig) {
  const { config, canaries } = loaded;
  return {
    providers: Object.entries(config.providers).map(([name, p]) => ({ name, type: p.type })),
    targets: config.targets,
    canaries: canaries.map((c) => ({ id: c.canary.id, file: c.file, probes: c.canary.probes })),
    channels: (config.alerts?.channels ?? []).map((c) => c.name ?? c.type),
  };
}

function formatWarning(p: ConfigProblem): string {
  return formatProblem({ ...p, message: `warning: ${p.message}` });
}

function summary(configPath: string, loaded: LoadedConfig): string {
  const { config, canaries } = loaded;
  const providers = Object.entries(config.providers).map(([name, p]) => `${name} (${p.type})`);
  const files = new Set(canaries.map((c) => c.file)).size;
  const power = powerRows(loaded);
  const lines = [
    `${configPath}: valid`,
    `  providers: ${providers.length}${providers.length ? `: ${providers.join(', ')}` : ''}`,
    `  targets:   ${config.targets.length}`,
    `  canaries:  ${canaries.length} in ${files} ${files === 1 ? 'file' : 'files'} under ${displayPath(config.canaries)}`,
    `  channels:  ${(config.alerts?.channels ?? []).map((c) => c.name ?? c.type).join(', ') || 'console (default)'}`,
    '',
    'Canary load per target and day',
    '(measured: mean tokens per request in the baseline snapshots x requests per cycle x runs per day;',
    ' requests per cycle are the expected requests of a quiet cycle: canaries with a sequential stop',
    ' (the power table below) at that figure, not at their plan; max requests/day is the upper bound, every',
    ' cycle sending everything, as a cycle that sees a change, a baseline and a confirmation re-run do;',
    ' a canary without a baseline, or edited since, is estimated: ~ input at characters / 4, <= output at',
    ' its cap, an upper bound: params.maxTokens, else params.clientMaxTokens (the client-side cap of a',
    ` streamed answer), else ${UNSET_MAX_TOKENS_ASSUMED.toLocaleString('en-US')}, where the provider's own default cap applies and models with larger`,
    ' defaults cost more; cost only where the provider has budget.inputPricePerMTok / outputPricePerMTok)',
    ...loadTable(dailyLoad(loaded, power)),
    ...powerTable(power, config.evaluation.alpha),
    ...(config.server.externalUrl
      ? []
      : ['', 'hint: server.externalUrl is not set, so alerts carry no link to their finding page on the dashboard']),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The daily load of the configured suite, from the baselines' measured usage where there is one, with
 * each sequential canary at the expected requests of a quiet cycle (the power table's figure).
 */
function dailyLoad(loaded: LoadedConfig, power: readonly PowerRow[]): TargetLoad[] {
  const canaries = loaded.canaries.map((c) => c.canary);
  const measured = measuredUsageFrom(loaded.config.snapshots, canaries);
  return estimateLoad(loaded.config, canaries, measured, applicabilityOf(loaded.config, canaries), quietRequestsOf(power));
}

const HEADER = ['target', 'canaries', 'measured', 'requests/day', 'max requests/day', 'input tok/day', 'output tok/day', 'cost/day'];

/**
 * The load as aligned text columns, with a total row when there is more than one target. `~` marks an
 * input figure that is partly estimated from characters, `<=` an output figure (and the cost) that is
 * partly booked at a cap, so an upper bound; unmarked figures are measured.
 */
export function loadTable(rows: readonly TargetLoad[]): string[] {
  const body = rows.map((r) => [
    r.target,
    String(r.canaries),
    `${r.measuredCanaries}/${r.canaries}`,
    count(r.requestsPerDay),
    count(r.plannedRequestsPerDay),
    marked(r.inputEstimated, '~', count(r.inputTokensPerDay)),
    marked(r.outputUpperBound, '<=', count(r.outputTokensPerDay)),
    r.costPerDay === null ? '-' : marked(r.outputUpperBound, '<=', money(r.costPerDay)),
  ]);
  if (rows.length > 1) {
    const priced = rows.filter((r) => r.costPerDay !== null);
    const estimated = rows.some((r) => r.inputEstimated);
    const bounded = rows.some((r) => r.outputUpperBound);
    body.push([
      'total',
      '',
      `${sum(rows, (r) => r.measuredCanaries)}/${sum(rows, (r) => r.canaries)}`,
      count(sum(rows, (r) => r.requestsPerDay)),
      count(sum(rows, (r) => r.plannedRequestsPerDay)),
      marked(estimated, '~', count(sum(rows, (r) => r.inputTokensPerDay))),
      marked(bounded, '<=', count(sum(rows, (r) => r.outputTokensPerDay))),
      priced.length ? marked(priced.some((r) => r.outputUpperBound), '<=', money(sum(priced, (r) => r.costPerDay ?? 0))) : '-',
    ]);
  }
  const table = [HEADER, ...body];
  const widths = HEADER.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function marked(on: boolean, mark: string, figure: string): string {
  return on ? `${mark}${figure}` : figure;
}

function sum(rows: readonly TargetLoad[], f: (r: TargetLoad) => number): number {
  return rows.reduce((n, r) => n + f(r), 0);
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function money(n: number): string {
  return n >= 1 ? n.toFixed(2) : n.toPrecision(2);
}
