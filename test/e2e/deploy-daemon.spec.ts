/**
 * e2e: the daemon started exactly as the container image and the systemd unit start it
 * (`node dist/src/cli.js start --config <path>`), with the container's config (deploy/docker/
 * tripline.yaml) moved into a temporary root: canaries and the API key laid out the way a
 * Kubernetes ConfigMap / Secret mount lays them out (..data symlinks), the provider pointed at the
 * built-in simulator. It must serve /healthz, /readyz and /metrics, pass the image's HEALTHCHECK
 * command, measure a canary, and exit 0 on SIGTERM.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { freeListenPort } from '../support/ports.js';
import { spawnDaemon } from './daemon-harness.js';

/** Files in `dir` the way the kubelet writes a ConfigMap or Secret volume: via a ..data symlink. */
function kubeletVolume(dir: string, files: Record<string, string>): void {
  const stamp = '..2026_01_01_00_00_00.000000001';
  mkdirSync(join(dir, stamp), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, stamp, name), content);
  symlinkSync(stamp, join(dir, '..data'));
  for (const name of Object.keys(files)) symlinkSync(join('..data', name), join(dir, name));
}

async function pollOk(url: string, timeoutMs: number): Promise<Response> {
  const until = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return res;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms: ${last}`);
}

/** The HEALTHCHECK of deploy/docker/Dockerfile as argv, its port moved to `port`. */
function healthcheckArgv(port: number): string[] {
  const dockerfile = readFileSync('deploy/docker/Dockerfile', 'utf8').replace(/\\\n/g, ' ');
  const json = /^HEALTHCHECK .*?CMD (\[.*\])\s*$/m.exec(dockerfile)![1]!;
  return (JSON.parse(json) as string[]).map((a) => a.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`));
}

describe('e2e: the daemon as deployed (container entrypoint / systemd unit flags)', () => {
  let sim: Simulator;
  let root: string;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 8 });
    root = mkdtempSync(join(tmpdir(), 'tripline-deploy-e2e-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves /healthz, /readyz and /metrics, passes the image HEALTHCHECK, measures, and exits 0 on SIGTERM', async () => {
    const port = await freeListenPort();
    const config = parse(readFileSync('deploy/docker/tripline.yaml', 'utf8')) as {
      providers: Record<string, Record<string, unknown>>;
      server: { listen: string; authTokenFile: string };
      [key: string]: unknown;
    };
    const canaries = join(root, 'etc/tripline/canaries');
    const secrets = join(root, 'var/run/secrets/tripline');
    kubeletVolume(canaries, { 'tokens-short.yaml': readFileSync('canaries/tokens-short.yaml', 'utf8') });
    kubeletVolume(secrets, { 'openai-api-key': 'sk-deploy-e2e-5e6f7a8b\n', 'server-auth-token': 'deploy-e2e-token-0123456789\n' });
    const { apiKey: _env, ...openai } = config.providers.openai!;
    config.providers.openai = { ...openai, baseUrl: `${sim.url}/v1`, apiKeyFile: join(secrets, 'openai-api-key'), timeout: 3000, maxRetries: 0 };
    config.canaries = canaries;
    config.stateDir = join(root, 'var/lib/tripline');
    config.snapshots = join(root, 'var/lib/tripline/snapshots');
    config.schedule = '*/2 * * * * *';
    delete config.deprecations; // the real lifecycle pages are not reachable from tests
    expect(config.server.listen).toBe('0.0.0.0:9464'); // what the image uses; here a free loopback port
    config.server.listen = `127.0.0.1:${port}`;
    expect(config.server.authTokenFile).toBe('/run/secrets/server-auth-token'); // the image's Docker secret path
    config.server.authTokenFile = join(secrets, 'server-auth-token');
    const configPath = join(root, 'etc/tripline/tripline.yaml');
    writeFileSync(configPath, stringify(config));

    // The image's NODE_OPTIONS (V8 heap flags) apply here too.
    const nodeOptions = /NODE_OPTIONS=(\S+)/.exec(readFileSync('deploy/docker/Dockerfile', 'utf8'))?.[1];
    expect(nodeOptions).toBeDefined();
    const d = spawnDaemon(configPath, { NODE_OPTIONS: nodeOptions! });
    try {
      expect(await d.address).toBe(`127.0.0.1:${port}`);
      expect(await (await pollOk(`http://127.0.0.1:${port}/healthz`, 15_000)).text()).toBe('ok\n');
      const ready = (await (await pollOk(`http://127.0.0.1:${port}/readyz`, 15_000)).json()) as { ready: boolean };
      expect(ready.ready).toBe(true);

      const [cmd, ...args] = healthcheckArgv(port);
      expect(cmd).toBe('node');
      const hc = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 10_000 });
      expect(hc.status, hc.stderr).toBe(0);

      // a canary from the ConfigMap-style folder runs with the key from the Secret-style file
      const run = await d.waitForLine((l) => l.msg === 'run finished' && l.canary === 'tokens-short', 20_000);
      expect(['recorded', 'ok']).toContain(run.result);
      const metrics = await (await pollOk(`http://127.0.0.1:${port}/metrics`, 5_000)).text();
      expect(metrics).toMatch(/^tripline_run_success\{target="openai\/gpt-4o-mini",canary="tokens-short"\} 1$/m);
      expect(d.stderr()).not.toContain('sk-deploy-e2e');
    } finally {
      d.child.kill('SIGTERM');
    }
    const exit = await d.exited;
    expect(exit, d.stderr()).toEqual({ code: 0, signal: null });
    // the HEALTHCHECK fails once the daemon is gone
    const after = spawnSync(process.execPath, healthcheckArgv(port).slice(1), { encoding: 'utf8', timeout: 10_000 });
    expect(after.status).toBe(1);
  }, 60_000);
});
