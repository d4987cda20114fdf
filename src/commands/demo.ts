import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseDocument, stringify } from 'yaml';
import { startSimulator } from '../simulator/index.js';
import { runStart } from './start.js';

export interface DemoOptions {
  driftAfterSeconds: number;
  exitAfterAlert: boolean;
  port: number;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** Deterministic canaries: they need no warm-up, so the demo shows a caught drift within a minute of it. */
const DEMO_CANARIES = ['tokens-short.yaml', 'tokens-medium.yaml', 'tokens-multilingual.yaml', 'identity.yaml', 'json-output.yaml'];
const DEMO_DRIFT = 'hidden-system-prompt';
const DEMO_KIND = 'tokens.input_changed';

const shippedCanaries = resolve(dirname(fileURLToPath(import.meta.url)), '../../../canaries');

/**
 * `tripline demo` (`npm start`): the built-in simulator, the daemon against it every 5 seconds,
 * and a hidden system prompt injected after `driftAfterSeconds`. No key, no config.
 */
export async function runDemo(opts: DemoOptions): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-demo-'));
  mkdirSync(join(dir, 'canaries'));
  for (const file of DEMO_CANARIES) writeFileSync(join(dir, 'canaries', file), everyCycle(readFileSync(join(shippedCanaries, file), 'utf8')));
  const sim = await startSimulator({ schedule: [{ afterMs: opts.driftAfterSeconds * 1000, scenario: DEMO_DRIFT }] });
  const configPath = join(dir, 'tripline.yaml');
  writeFileSync(configPath, stringify(demoConfig(sim.url, opts.port)));
  opts.out.write(banner(sim.url, opts, dir));

  // The console channel writes alerts to this stream; watching it lets scripts stop after the first one.
  const screen = new PassThrough();
  screen.pipe(opts.out as NodeJS.WritableStream, { end: false });
  let stopDaemon: (() => Promise<void>) | undefined;
  screen.on('data', (chunk: Buffer) => {
    if (opts.exitAfterAlert && chunk.toString().includes(DEMO_KIND)) void stopDaemon?.();
  });
  try {
    return await runStart({
      configPath,
      out: screen,
      err: opts.err,
      env: {},
      listen: `127.0.0.1:${opts.port}`,
      onStarted: (daemon) => (stopDaemon = () => daemon.stop()),
    });
  } finally {
    await sim.close();
  }
}

/** A shipped canary without its own schedule: in the demo every canary runs on the 5-second cycle. */
function everyCycle(yaml: string): string {
  const doc = parseDocument(yaml);
  doc.delete('schedule');
  return doc.toString();
}

function demoConfig(simUrl: string, port: number): Record<string, unknown> {
  return {
    providers: { sim: { type: 'openai', baseUrl: `${simUrl}/v1`, apiKey: 'demo-key-not-secret' } },
    targets: ['sim/gpt-4o-mini'],
    canaries: './canaries',
    snapshots: './snapshots',
    stateDir: './state',
    schedule: '*/5 * * * * *',
    // A suspicious cycle is re-run 2 s later (within the 5 s slot) and reported when it agrees.
    evaluation: { confirmCycles: 2, confirmAfter: '2s' },
    alerts: { channels: [{ type: 'console', minSeverity: 'info' }] },
    server: { listen: `127.0.0.1:${port}` },
    logging: { level: 'warn' },
  };
}

function banner(simUrl: string, opts: DemoOptions, dir: string): string {
  return [
    'tripline demo',
    `  simulator (OpenAI wire format):  ${simUrl}`,
    `  dashboard, /metrics, /healthz:   http://127.0.0.1:${opts.port}/`,
    `  workspace (config, snapshots):   ${dir}`,
    '  canaries run every 5 seconds; the first cycle records the baselines.',
    `  In ${opts.driftAfterSeconds} s the provider silently starts injecting a hidden system prompt:`,
    '  every prompt costs more input tokens. Watch for the alert below. Ctrl-C to stop.',
    '',
    '',
  ].join('\n');
}
