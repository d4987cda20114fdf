#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The config path: --config, else TRIPLINE_CONFIG, else ./tripline.yaml. */
function configPath(opts: { config?: string }): string {
  return opts.config ?? process.env.TRIPLINE_CONFIG ?? 'tripline.yaml';
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

/** For repeatable options: `--target a --target b`. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const io = { out: process.stdout, err: process.stderr };

function exit(code: number): void {
  process.exitCode = code;
}

const program = new Command('tripline')
  .description('Holds LLM providers to their contract: canaries, baselines, drift findings, alerts.')
  .version(version)
  .showHelpAfterError()
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

program
  .command('validate')
  .description('check the config and every canary file; exit 0 valid, 2 invalid')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .option('--strict', 'treat warnings as errors')
  .option('--json', 'print problems, warnings, the summary and the load estimate as JSON')
  .action(async (opts: { config?: string; strict?: boolean; json?: boolean }) => {
    const { runValidate } = await import('./commands/validate.js');
    exit(runValidate({ configPath: configPath(opts), strict: opts.strict, json: Boolean(opts.json), ...io }));
  });

program
  .command('baseline')
  .description('run canaries now and write reviewed baselines to the snapshots folder')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .option('--target <target>', 'only this provider/model (repeatable)', collect, [])
  .option('--canary <id>', 'only this canary (repeatable)', collect, [])
  .option('--cycles <n>', 'cycles to pool into the baseline', positiveInt, 1)
  .option('--json', 'print findings as JSON')
  .option('--accept-anomalies', 'record samples that fail the adapter schema, an assertion or the token invariants (listed in the snapshot)')
  .action(async (opts: { config?: string; target: string[]; canary: string[]; cycles: number; json?: boolean; acceptAnomalies?: boolean }) => {
    const { runBaseline } = await import('./commands/baseline.js');
    const selection = { targets: opts.target, canaries: opts.canary };
    const run = { cycles: opts.cycles, json: Boolean(opts.json), acceptAnomalies: Boolean(opts.acceptAnomalies) };
    exit(await runBaseline({ configPath: configPath(opts), ...selection, ...run, ...io }));
  });

program
  .command('check')
  .description('one cycle of everything; exit 0 nothing found, 1 drift, 2 config or operational error')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .option('--target <target>', 'only this provider/model (repeatable)', collect, [])
  .option('--canary <id>', 'only this canary (repeatable)', collect, [])
  .option('--json', 'print findings as a JSON array')
  .option('--no-alerts', 'do not send alerts')
  .option('--no-deprecations', 'do not scrape deprecation pages')
  .action(async (opts: { config?: string; target: string[]; canary: string[]; json?: boolean; alerts: boolean; deprecations: boolean }) => {
    const { runCheck } = await import('./commands/check.js');
    const selection = { targets: opts.target, canaries: opts.canary };
    exit(await runCheck({ configPath: configPath(opts), json: Boolean(opts.json), alerts: opts.alerts, deprecations: opts.deprecations, ...selection, ...io }));
  });

program
  .command('start')
  .description('run the daemon: schedules, HTTP server (/healthz, /readyz, /metrics), alerts')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .action(async (opts: { config?: string }) => {
    const { runStart } = await import('./commands/start.js');
    exit(await runStart({ configPath: configPath(opts), ...io }));
  });

program
  .command('deprecations')
  .description('scrape lifecycle pages, print the table for monitored models and what changed')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .option('--json', 'print rows and findings as JSON')
  .option('--all', 'every model on the pages, not only monitored ones')
  .action(async (opts: { config?: string; json?: boolean; all?: boolean }) => {
    const { runDeprecationsCommand } = await import('./commands/deprecations-cli.js');
    exit(await runDeprecationsCommand({ configPath: configPath(opts), json: Boolean(opts.json), all: Boolean(opts.all), ...io }));
  });

const alerts = program.command('alerts').description('alert channels and the outbox');
alerts
  .command('test')
  .description('send a clearly marked test alert through the configured channels')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .option('--channel <name>', 'only this channel')
  .action(async (opts: { config?: string; channel?: string }) => {
    const { runAlertsCommand } = await import('./commands/alerts-cli.js');
    exit(await runAlertsCommand('test', { configPath: configPath(opts), channel: opts.channel, ...io }));
  });
alerts
  .command('status')
  .description('show open alerts and the delivery outbox')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .option('--json', 'print the outbox and open alerts as JSON')
  .action(async (opts: { config?: string; json?: boolean }) => {
    const { runAlertsCommand } = await import('./commands/alerts-cli.js');
    exit(await runAlertsCommand('status', { configPath: configPath(opts), json: Boolean(opts.json), ...io }));
  });

const silence = program.command('silence').description('silence alerts for a while, with a reason');
silence
  .command('add')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .requiredOption('--match <key=value...>', 'provider=, target=, canary=, kind= (repeatable)')
  .requiredOption('--for <duration>', 'e.g. 30m, 2h, 1d')
  .option('--reason <text>', 'why, shown in the audit trail')
  .action(async (opts: { config?: string; match: string[]; for: string; reason?: string }) => {
    const { runSilenceCommand } = await import('./commands/alerts-cli.js');
    exit(await runSilenceCommand('add', { configPath: configPath(opts), match: opts.match, duration: opts.for, reason: opts.reason, ...io }));
  });
silence
  .command('list')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .option('--json', 'print the silences as JSON')
  .action(async (opts: { config?: string; json?: boolean }) => {
    const { runSilenceCommand } = await import('./commands/alerts-cli.js');
    exit(await runSilenceCommand('list', { configPath: configPath(opts), json: Boolean(opts.json), ...io }));
  });
silence
  .command('remove <id>')
  .option('-c, --config <path>', 'config file (env TRIPLINE_CONFIG)')
  .action(async (id: string, opts: { config?: string }) => {
    const { runSilenceCommand } = await import('./commands/alerts-cli.js');
    exit(await runSilenceCommand('remove', { configPath: configPath(opts), id, ...io }));
  });

program
  .command('demo')
  .description('zero-config quick start: the simulator, the daemon against it, a drift injected')
  .option('--drift-after <seconds>', 'inject the drift after this many seconds', positiveInt, 60)
  .option('--exit-after-alert', 'exit once the drift has been alerted (for scripts)')
  .option('--port <port>', 'dashboard and metrics port on 127.0.0.1', '9464')
  .action(async (opts: { driftAfter: number; exitAfterAlert?: boolean; port: string }) => {
    const { runDemo } = await import('./commands/demo.js');
    exit(await runDemo({ driftAfterSeconds: opts.driftAfter, exitAfterAlert: Boolean(opts.exitAfterAlert), port: Number(opts.port), ...io }));
  });

/**
 * Last resort: anything a command did not turn into a located message is still one line and exit 2
 * (exit 1 means drift and nothing else). TRIPLINE_DEBUG=1 adds the stack trace.
 */
function reportUnexpected(error: unknown): void {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const code = error instanceof Error && 'code' in error ? String(error.code) : 'INTERNAL';
  process.stderr.write(`tripline: ${code}: ${message} (TRIPLINE_DEBUG=1 prints the stack trace)\n`);
  if (process.env.TRIPLINE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  process.exitCode = 2;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reportUnexpected(error);
}
