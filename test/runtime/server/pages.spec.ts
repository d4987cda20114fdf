import { describe, expect, it } from 'vitest';
import { TriplineConfig } from '../../../src/config/schema.js';
import type { Finding } from '../../../src/domain/finding.js';
import { createHistory } from '../../../src/history/store.js';
import { createDashboard } from '../../../src/runtime/server/pages/index.js';
import type { PairStatus } from '../../../src/runtime/pipeline/types.js';
import { tempStore } from '../helpers.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

async function setup() {
  const { store } = await tempStore();
  const history = createHistory(store.db);
  const config = TriplineConfig.parse({ providers: { sim: { type: 'openai', apiKey: 'sk-secret-value-123' } }, targets: ['sim/m'] });
  const pairs: PairStatus[] = [{ target: 'sim/m', canary: 'c', schedule: '* * * * *', lastResult: 'ok', lastRunAt: new Date(NOW).toISOString(), lastDurationMs: 5, lastFindings: 1, metrics: {} }];
  const dashboard = createDashboard({ db: () => store.db, config: () => config, pairs: () => pairs, history, now: () => NOW });
  return { store, history, dashboard };
}

const body = (r: Awaited<ReturnType<ReturnType<typeof createDashboard>['get']>>): string => (r && 'body' in r ? r.body : '');

describe('src/runtime/server/pages', () => {
  it('escapes every provider-derived string and shows no secret', async () => {
    const { history, dashboard } = await setup();
    const f: Finding = {
      kind: 'shape.field_added', severity: 'info', target: 'sim/m', canary: 'c', subject: HOSTILE, summary: `new field ${HOSTILE}`,
      evidence: { before: HOSTILE, after: { [HOSTILE]: 1 }, diff: `--- a\n+++ b\n@@ -1 +1 @@\n-${HOSTILE}\n+"x"` }, action: HOSTILE, detectedAt: new Date(NOW).toISOString(),
    };
    await history.recordRun({ target: 'sim/m', canary: 'c', startedAt: f.detectedAt, result: 'ok', metrics: { 'tokens.inputTokens': 10 }, headroom: null, findings: [f] });
    const key = 'sim/m|c|shape.field_added|' + HOSTILE;
    const pages = [
      body((await dashboard.get('/', new URLSearchParams(), false))),
      body((await dashboard.get('/pair', new URLSearchParams({ target: 'sim/m', canary: 'c' }), false))),
      body((await dashboard.get('/target', new URLSearchParams({ target: 'sim/m' }), false))),
      body((await dashboard.get('/finding', new URLSearchParams({ key }), false))),
    ];
    expect(pages[3]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages[3]).toContain('<span class="del">-&lt;script&gt;');
    for (const html of pages) {
      expect(html.length).toBeGreaterThan(100);
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('sk-secret-value-123');
    }
  });

  it('empty tables have an empty state; unknown pairs and keys are 404 pages', async () => {
    const { dashboard } = await setup();
    const overview = body((await dashboard.get('/', new URLSearchParams(), false)));
    expect(overview).toContain('No open alerts.');
    expect(overview).toContain('No scheduled shutdown of a monitored model.');
    expect((await dashboard.get('/pair', new URLSearchParams({ target: 'x', canary: 'y' }), false))).toMatchObject({ status: 404 });
    expect((await dashboard.get('/finding', new URLSearchParams({ key: 'nope' }), false))).toMatchObject({ status: 404 });
    expect((await dashboard.get('/elsewhere', new URLSearchParams(), false))).toBeNull();
  });

  it('silences are created and expired only with write access, and need a match and a reason', async () => {
    const { dashboard, store } = await setup();
    const form = new URLSearchParams({ target: 'sim/m', kind: 'shape.*', for: '2h', reason: 'vendor rollout' });
    expect((await dashboard.post('/silences', form, false, 'dashboard'))).toMatchObject({ status: 403 });
    expect((await dashboard.post('/silences', new URLSearchParams({ for: '2h', reason: 'r' }), true, 'dashboard'))).toMatchObject({ status: 400 });
    expect((await dashboard.post('/silences', form, true, 'dashboard'))).toEqual({ redirect: '/silences' });
    const row = (await store.db.get<{ id: string; match: string; author: string }>('SELECT id, match, author FROM silences'))!;
    expect(JSON.parse(row.match)).toEqual({ targets: ['sim/m'], kinds: ['shape.*'] });
    expect(body((await dashboard.get('/silences', new URLSearchParams(), true)))).toContain('expire now');
    expect(body((await dashboard.get('/silences', new URLSearchParams(), false)))).not.toContain('expire now');
    expect((await dashboard.post('/silences/expire', new URLSearchParams({ id: row.id }), true, 'dashboard'))).toEqual({ redirect: '/silences' });
    expect(body((await dashboard.get('/silences', new URLSearchParams(), true)))).toContain('expired early by dashboard');
  });
});
