import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { spawnDaemon } from './daemon-harness.js';

const TOKEN = 'tok-e2e-0123456789abcdef';

function workspace(server: Record<string, unknown>): Workspace {
  return makeWorkspace({
    config: {
      providers: { sim: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-x', maxRetries: 0 } },
      targets: ['sim/gpt-4o-mini'],
      schedule: '0 0 1 1 *',
      server,
    },
    shippedCanaries: ['tokens-short.yaml'],
  });
}

const reloads = (lines: Record<string, unknown>[]): number => lines.filter((l) => l.msg === 'config reloaded').length;

describe('e2e: the HTTP server is safe by default', () => {
  it('without a token, POST /-/reload on loopback needs a JSON content type or X-Tripline, never a bare cross-site POST', async () => {
    const ws = workspace({ listen: '127.0.0.1:0' });
    const d = spawnDaemon(ws.configPath, {});
    const base = `http://${await d.address}`;
    // What any web page can make a browser send: a bodyless POST, a form POST.
    expect((await fetch(`${base}/-/reload`, { method: 'POST' })).status).toBe(403);
    const form = await fetch(`${base}/-/reload`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(403);
    const crossSite = await fetch(`${base}/-/reload`, { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    expect(reloads(d.lines)).toBe(0);
    expect((await fetch(`${base}/-/reload`, { method: 'POST', headers: { 'x-tripline': '1' } })).status).toBe(200);
    expect((await fetch(`${base}/-/reload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    await d.waitForLine((l) => l.msg === 'config reloaded');
    expect(reloads(d.lines)).toBe(2);
    d.child.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);
  }, 30_000);

  it('with server.authTokenFile, reload and the API need the Bearer token even from loopback; the token is never logged', async () => {
    const ws = workspace({ listen: '0.0.0.0:0', authTokenFile: './auth-token' });
    writeFileSync(join(ws.dir, 'auth-token'), `${TOKEN}\n`);
    const d = spawnDaemon(ws.configPath, {});
    const port = (await d.address).split(':').pop();
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/-/reload`, { method: 'POST', headers: { 'x-tripline': '1' } })).status).toBe(401);
    expect((await fetch(`${base}/-/reload`, { method: 'POST', headers: { authorization: 'Bearer wrong-token-0000000000' } })).status).toBe(401);
    expect((await fetch(`${base}/api/targets`)).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/-/reload`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/targets`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    await d.waitForLine((l) => l.msg === 'config reloaded');
    expect(reloads(d.lines)).toBe(1);
    d.child.kill('SIGTERM');
    expect((await d.exited).code).toBe(0);
    expect(JSON.stringify(d.lines) + d.stderr()).not.toContain(TOKEN);
  }, 30_000);

  it('validate warns on a listen off loopback without a token, --strict fails; a token file silences it', async () => {
    const open = workspace({ listen: '0.0.0.0:9464' });
    const warned = await runCli(['validate', '--config', open.configPath]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/tripline\.yaml:\d+:\d+: server\.listen: warning: listens on 0\.0\.0\.0, not loopback, without server\.authToken/);
    expect((await runCli(['validate', '--strict', '--config', open.configPath])).code).toBe(2);

    const guarded = workspace({ listen: '0.0.0.0:9464', authTokenFile: './auth-token' });
    writeFileSync(join(guarded.dir, 'auth-token'), TOKEN);
    const clean = await runCli(['validate', '--strict', '--config', guarded.configPath]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).not.toContain(TOKEN);
  }, 30_000);
});
