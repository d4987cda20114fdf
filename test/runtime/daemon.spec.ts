import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startDaemon, type Daemon, type DaemonOptions } from '../../src/runtime/daemon.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { memoryLogger } from './helpers.js';
import { parsePromText } from './prom-text.js';
import { smallCanary } from './simulator-session.js';

/**
 * The daemon's wiring in process (src/runtime/daemon.ts): start, reload, stop and the signal
 * handlers, against the simulator, a lifecycle page and a webhook receiver on loopback.
 */
const TARGET = 'sim/gpt-4o-mini';
const SECRET = 'whsec-daemon-spec-0000';
type Line = Record<string, unknown>;

function config(sim: Simulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providers: { sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: 'sk-sim', timeout: 5000, maxRetries: 0 } },
    targets: [TARGET],
    schedule: '* * * * * *',
    evaluation: { confirmCycles: 1 },
    ...extra,
  };
}

/** A started daemon, its log lines, and a wait for a line that matches. */
async function start(ws: Workspace, over: Partial<DaemonOptions> = {}): Promise<{ daemon: Daemon; lines: Line[]; until: (pred: (l: Line) => boolean) => Promise<Line> }> {
  const { logger, lines } = memoryLogger();
  const daemon = await startDaemon({
    configPath: ws.configPath,
    env: {},
    signals: false,
    stdout: new PassThrough(),
    logger,
    listen: '127.0.0.1:0',
    maxJitterMs: 0,
    shutdownTimeoutMs: 5_000,
    ...over,
  });
  const until = async (pred: (l: Line) => boolean): Promise<Line> => {
    for (let waited = 0; waited < 20_000; waited += 25) {
      const found = lines.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no matching log line; last: ${JSON.stringify(lines.slice(-5))}`);
  };
  return { daemon, lines, until };
}

async function metric(address: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const { samples } = parsePromText(await (await fetch(`http://${address}/metrics`)).text());
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

const finished = (canary: string) => (l: Line) => l.msg === 'run finished' && l.canary === canary;

describe('src/runtime/daemon.ts', () => {
  let sim: Simulator;
  let page: Server;
  let pageUrl = '';
  let pageHits = 0;
  let hook: WebhookReceiver;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
    hook = await startWebhookReceiver(SECRET);
    const body = readFileSync('test/fixtures/deprecations/vertex-ai-model-versions-2026-05-28.md', 'utf8');
    page = createServer((_req, res) => {
      pageHits += 1;
      res.writeHead(200, { 'content-type': 'text/markdown' }).end(body);
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/model-versions.md`;
  });
  afterAll(async () => {
    page.close();
    await hook.close();
    await sim.close();
  });

  it('start: serves readiness and metrics, and runs every pair and every deprecation source on its schedule', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({
      config: config(sim, { deprecations: { schedule: '* * * * * *', sources: [{ type: 'vertex-ai', url: pageUrl }] } }),
      canaries: { 'small.yaml': smallCanary },
    });
    const hitsBefore = pageHits;
    const { daemon, until } = await start(ws);
    try {
      expect(daemon.address).toMatch(/^127\.0\.0\.1:\d+$/);
      await until(finished('small'));
      // The pair asserted on below: the target's @metadata side pair runs on the same second and may finish first.
      await until((l) => finished('small')(l) && l.result === 'ok');
      for (let i = 0; i < 200 && pageHits === hitsBefore; i++) await new Promise((r) => setTimeout(r, 25));
      expect(pageHits).toBeGreaterThan(hitsBefore);
      expect((await fetch(`http://${daemon.address}/readyz`)).status).toBe(200);
      expect(await metric(daemon.address, 'tripline_runs_total', { target: TARGET, canary: 'small', result: 'recorded' })).toBe(1);
      expect(await metric(daemon.address, 'tripline_runs_total', { target: TARGET, canary: 'small', result: 'ok' })).toBeGreaterThanOrEqual(1);
    } finally {
      await daemon.stop();
    }
  });

  it('reload: a valid config swaps the pairs at once; a bad one is rejected and the running config keeps going', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({ config: config(sim), canaries: { 'small.yaml': smallCanary } });
    const { daemon, lines, until } = await start(ws);
    try {
      await until(finished('small'));
      writeFileSync(`${ws.canariesDir}/second.yaml`, stringify({ ...smallCanary, id: 'second' }));
      expect(await daemon.reload()).toBe(true);
      await until(finished('second'));
      expect(await metric(daemon.address, 'tripline_config_last_reload_successful')).toBe(1);

      writeFileSync(ws.configPath, stringify({ ...config(sim), targets: 'not-a-list' }));
      expect(await daemon.reload()).toBe(false);
      const failed = await until((l) => l.msg === 'config reload failed');
      expect(JSON.stringify(failed.problems)).toMatch(/tripline\.yaml:\d+:\d+: targets/);
      expect(await metric(daemon.address, 'tripline_config_last_reload_successful')).toBe(0);
      const before = lines.filter(finished('second')).length;
      await until(() => lines.filter(finished('second')).length > before);
      expect((await fetch(`http://${daemon.address}/readyz`)).status).toBe(200);
    } finally {
      await daemon.stop();
    }
  });

  it('stop: flushes what the alert batch still holds, closes the server and frees the state for the next start', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({
      config: config(sim, { alerts: { channels: [{ type: 'webhook', url: hook.url, secret: SECRET, minSeverity: 'info' }] } }),
      canaries: { 'small.yaml': smallCanary },
    });
    // No periodic flush: only stop() can send what the last run found.
    const { daemon, lines, until } = await start(ws, { flushIntervalMs: 600_000 });
    await until(finished('small'));
    sim.setScenarios(['model-repointed']);
    await until((l) => finished('small')(l) && l.result !== 'recorded' && Number(l.findings) > 0);
    sim.setScenarios(['none']);
    const stopping = daemon.stop();
    expect(daemon.stop()).toBe(stopping);
    await stopping;
    await daemon.stopped;
    expect(lines.at(-1)?.msg).toBe('stopped');
    const opened = hook.deliveries.map((d) => d.body as { type: string; finding: { kind: string } }).filter((b) => b.type === 'opened');
    expect(opened.map((b) => b.finding.kind)).toContain('identity.model_changed');
    await expect(fetch(`http://${daemon.address}/readyz`)).rejects.toThrow();
    // The state lock is released: the next daemon on this stateDir starts.
    const next = await start(ws);
    await next.daemon.stop();
  });

  it('stop: waits for an in-flight run up to the shutdown timeout, then aborts it', async () => {
    const slow = await startSimulator({ seed: 5, latencyMs: 4_000 });
    try {
      const ws = makeWorkspace({ config: config(slow), canaries: { 'small.yaml': smallCanary } });
      const { daemon, lines, until } = await start(ws, { shutdownTimeoutMs: 150 });
      await until((l) => l.msg === 'run started');
      const t0 = Date.now();
      await daemon.stop();
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect(lines.some((l) => l.msg === 'in-flight runs aborted at shutdown')).toBe(true);
      // The aborted run ends as the provider being unavailable: no baseline recorded from half a run.
      expect(lines.filter(finished('small')).map((l) => l.result)).toEqual(['unavailable']);
    } finally {
      await slow.close();
    }
  });

  it('signals: SIGHUP reloads, SIGTERM stops, and the handlers are removed when stopped', async () => {
    sim.setScenarios(['none']);
    const ws = makeWorkspace({ config: config(sim), canaries: { 'small.yaml': smallCanary } });
    type Listener = (...args: unknown[]) => void;
    const added = (signal: NodeJS.Signals, before: Listener[]): Listener[] => (process.listeners(signal) as Listener[]).filter((l) => !before.includes(l));
    const before = { TERM: process.listeners('SIGTERM') as Listener[], INT: process.listeners('SIGINT') as Listener[], HUP: process.listeners('SIGHUP') as Listener[] };
    const { daemon, until } = await start(ws, { signals: true });
    const [onTerm] = added('SIGTERM', before.TERM);
    const [onHup] = added('SIGHUP', before.HUP);
    expect(added('SIGINT', before.INT)).toHaveLength(1);
    // Called directly: emitting the signal in a test worker would reach the runner's own handlers too.
    onHup?.('SIGHUP');
    await until((l) => l.msg === 'config reloaded');
    onTerm?.('SIGTERM');
    await daemon.stopped;
    await until((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM');
    expect(added('SIGTERM', before.TERM)).toEqual([]);
    expect(added('SIGINT', before.INT)).toEqual([]);
    expect(added('SIGHUP', before.HUP)).toEqual([]);
  });
});
