import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { checkReadiness, startServer, type DaemonServer } from '../../src/runtime/server/index.js';
import { TriplineConfig } from '../../src/config/schema.js';
import { createHistory } from '../../src/history/store.js';
import { createDashboard } from '../../src/runtime/server/pages/index.js';
import { memoryLogger, silentLogger, tempStore } from './helpers.js';

describe('src/runtime/server', () => {
  let server: DaemonServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves /healthz, /readyz, /metrics and the JSON API on an ephemeral port, and logs the address', async () => {
    const { logger, lines } = memoryLogger();
    const registry = new Registry();
    registry.setDefaultLabels({});
    let ready = true;
    let reloads = 0;
    server = await startServer({
      listen: '127.0.0.1:0',
      registry,
      readiness: () => ({ ready, checks: [{ name: 'scheduler', ok: ready, detail: ready ? 'ok' : 'last tick 99 s ago' }] }),
      api: { targets: () => [{ target: 't' }], findings: () => [], alerts: () => [{ id: 1 }] },
      reload: () => (reloads++, Promise.resolve(false)),
      logger,
    });
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(lines.find((l) => l.msg === 'server listening')).toMatchObject({ address: server.address });
    const base = `http://${server.address}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    ready = false;
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ready: false, checks: [{ name: 'scheduler', ok: false }] });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await (await fetch(`${base}/api/targets`)).json()).toEqual([{ target: 't' }]);
    expect(await (await fetch(`${base}/api/alerts`)).json()).toEqual([{ id: 1 }]);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/-/reload`, { method: 'POST', headers: { 'x-tripline': '1' } })).status).toBe(400);
    expect(reloads).toBe(1);
  });

  it('fails to start on a port in use', async () => {
    server = await startServer({
      listen: '127.0.0.1:0', registry: new Registry(), readiness: () => ({ ready: true, checks: [] }),
      api: { targets: () => [], findings: () => [], alerts: () => [] }, logger: silentLogger(),
    });
    await expect(startServer({
      listen: server.address, registry: new Registry(), readiness: () => ({ ready: true, checks: [] }),
      api: { targets: () => [], findings: () => [], alerts: () => [] }, logger: silentLogger(),
    })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('src/runtime/server: dashboard access', () => {
  let server: DaemonServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const TOKEN = 'dashboard-token-0123456789';
  const start = async (listen: string, authToken?: string): Promise<string> => {
    const { store } = await tempStore();
    const config = TriplineConfig.parse({ providers: { sim: { type: 'openai', apiKey: 'k' } }, targets: ['sim/m'] });
    server = await startServer({
      listen, registry: new Registry(), readiness: () => ({ ready: true, checks: [] }),
      api: { targets: () => [], findings: () => [], alerts: () => [] }, logger: silentLogger(), authToken,
      dashboard: createDashboard({ db: () => store.db, config: () => config, pairs: () => [], history: createHistory(store.db) }),
    });
    return `http://127.0.0.1:${server.address.slice(server.address.lastIndexOf(':') + 1)}`;
  };

  it('on loopback the pages are readable without a token, with a strict content security policy', async () => {
    const base = await start('127.0.0.1:0');
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('Targets × canaries');
  });

  it('off loopback the pages and API need the token (bearer or the sign-in cookie); probes and metrics stay open', async () => {
    const base = await start('0.0.0.0:0', TOKEN);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/api/alerts`)).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const wrong = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token: 'nope' }), redirect: 'manual' });
    expect(wrong.status).toBe(403);
    const login = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base}/silences`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
  });

  it('off loopback without a token the pages are refused', async () => {
    const base = await start('0.0.0.0:0');
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('server.authToken');
  });

  it('creating a silence needs the token and the same origin: a cross-site form is refused', async () => {
    const base = await start('127.0.0.1:0', TOKEN);
    const form = new URLSearchParams({ target: 'sim/m', for: '1h', reason: 'rollout' });
    const anonymous = await fetch(`${base}/silences`, { method: 'POST', body: form, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(anonymous.status).toBe(403);
    const cookie = `tripline_token=${TOKEN}`;
    const crossSite = await fetch(`${base}/silences`, { method: 'POST', body: form, headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const own = await fetch(`${base}/silences`, { method: 'POST', body: form, headers: { cookie, 'sec-fetch-site': 'same-origin' }, redirect: 'manual' });
    expect(own.status).toBe(303);
    expect(await (await fetch(`${base}/silences`)).text()).toContain('rollout');
  });
});

describe('src/runtime/server/readiness', () => {
  it('is ready with a loaded config, a writable store and a recent scheduler tick', async () => {
    const { store } = await tempStore();
    const base = { configLoaded: () => true, db: () => store.db, lastTickAt: () => 1_000, tickAgeLimitMs: () => 4_000 };
    expect(await checkReadiness({ ...base, now: () => 3_000 })).toMatchObject({ ready: true });

    const stale = await checkReadiness({ ...base, now: () => 10_000 });
    expect(stale.ready).toBe(false);
    expect(stale.checks.find((c) => !c.ok)).toMatchObject({ name: 'scheduler', detail: 'last tick 9 s ago, limit 4 s' });

    expect((await checkReadiness({ ...base, configLoaded: () => false, now: () => 3_000 })).checks.find((c) => !c.ok)?.name).toBe('config');
    await store.close();
    const closed = await checkReadiness({ ...base, now: () => 3_000 });
    expect(closed.checks.find((c) => !c.ok)).toMatchObject({ name: 'store', detail: 'state store not open' });
  });

  it('reports a read-only store as not writable', async () => {
    const { store } = await tempStore();
    await store.db.exec('PRAGMA query_only = ON');
    const r = await checkReadiness({ configLoaded: () => true, db: () => store.db, lastTickAt: () => 0, tickAgeLimitMs: () => 1e9, now: () => 1 });
    expect(r.checks.find((c) => c.name === 'store')).toMatchObject({ ok: false });
    expect(r.checks.find((c) => c.name === 'store')?.detail).toMatch(/not writable/);
    await store.close();
  });
});
