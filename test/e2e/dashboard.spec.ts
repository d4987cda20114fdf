import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_METRICS } from '../../src/history/metrics.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in.js';
import { freeListenPort } from '../support/ports.js';
import { makeWorkspace } from '../support/workspace.js';
import { sleep, spawnDaemon, type DaemonProcess } from './daemon-harness.js';

const env = { SIM_API_KEY: 'sk-test-dashboard-9f8e7d6c' };
/** Set to write the README screenshots into docs/. */
const SCREENSHOTS = process.env.TRIPLINE_SCREENSHOTS === '1';

/** A page opened in Chromium, with every console error, page error and non-loopback request collected. */
async function open(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
  page.on('request', (r) => void (!r.url().startsWith('http://127.0.0.1:') && !r.url().startsWith('data:') && problems.push(`request: ${r.url()}`)));
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  return { page, problems };
}

describe('e2e: the dashboard in Chromium, against the daemon and the simulator after a drift', () => {
  let sim: Simulator;
  let slack: SlackStandIn;
  let pages: Server;
  let browser: Browser;
  let daemon: DaemonProcess;
  let base = '';
  let stateDb = '';
  let findingUrl = '';

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, latencyMs: 20 });
    slack = await startSlackStandIn();
    // A real copy of Vertex AI's model-versions page: text-embedding-005 retires on April 1, 2027.
    const page = readFileSync('test/fixtures/deprecations/vertex-ai-model-versions-2026-05-28.md', 'utf8');
    pages = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/markdown' }).end(page));
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
    const port = await freeListenPort();
    base = `http://127.0.0.1:${port}`;
    const ws = makeWorkspace({
      config: {
        providers: {
          sim: { type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 3000, maxRetries: 0 },
          vertex: { type: 'openai-compatible', baseUrl: `${sim.url}/v1`, apiKey: '${SIM_API_KEY}', timeout: 3000, maxRetries: 0 },
        },
        targets: ['sim/gpt-4o-mini', 'vertex/text-embedding-005'],
        schedule: '*/2 * * * * *',
        server: { listen: `127.0.0.1:${port}`, externalUrl: base },
        evaluation: { confirmCycles: 1 },
        deprecations: { schedule: '*/5 * * * * *', sources: [{ type: 'vertex-ai', url: `http://127.0.0.1:${(pages.address() as AddressInfo).port}/model-versions.md` }] },
        alerts: { channels: [{ type: 'slack', token: 'xoxb-dashboard-e2e', channel: '#llm', apiUrl: slack.apiUrl, minSeverity: 'info' }] },
      },
      shippedCanaries: ['tokens-short.yaml', 'json-output.yaml'],
    });
    stateDb = join(ws.dir, 'state', 'tripline.db');
    daemon = spawnDaemon(ws.configPath, env);
    await daemon.address;
    // A few measured cycles before the drift, so that the charts have a history and a band.
    const measured = (): number => daemon.lines.filter((l) => l.msg === 'run finished' && l.result === 'ok' && l.target === 'sim/gpt-4o-mini').length;
    while (measured() < 6) await sleep(250);
    sim.setScenarios(['field-renamed', 'tokenizer-change']);
    const deadline = Date.now() + 40_000;
    while (!findingUrl && Date.now() < deadline) {
      for (const call of slack.calls) {
        const actions = (call.body.blocks as { type: string; elements?: { url?: string; action_id?: string }[] }[] | undefined)?.find((b) => b.type === 'actions');
        const url = actions?.elements?.find((e) => e.action_id === 'open_finding')?.url;
        // A field change (removed or added) has a diff to show; schema_mismatch on the compatible target does not.
        if (url && decodeURIComponent(url).includes('|shape.field_')) findingUrl = url;
      }
      await sleep(250);
    }
    // A couple of cycles after the drift for the charts.
    await sleep(4_000);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    daemon?.child.kill('SIGTERM');
    if (daemon) await daemon.exited;
    await slack?.close();
    await new Promise<void>((r) => (pages ? pages.close(() => r()) : r()));
    await sim?.close();
  });

  it('a link taken from the Slack message opens the right finding page: the diff, the statistics, the accept and silence commands', async () => {
    expect(findingUrl.startsWith(`${base}/finding?key=`)).toBe(true);
    const key = new URL(findingUrl).searchParams.get('key') ?? '';
    const { page, problems } = await open(browser, findingUrl);
    const [target, canary, kind] = key.split('|');
    expect(await page.locator('h1').textContent()).toBe(kind);
    expect(await page.locator('#what').textContent()).toContain(`${target} · ${canary}`);
    expect(await page.locator('#diff .add, #diff .del').count()).toBeGreaterThan(0);
    expect(await page.locator('#accept-command').textContent()).toBe(`tripline baseline --target ${target}`);
    expect(await page.locator('#silence-command').textContent()).toContain(`--match kind=${kind}`);
    expect(await page.locator('#history tbody tr').count()).toBeGreaterThan(0);
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/dashboard-finding.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('the pair page charts contain the measured points, with markers for the finding and the confirmation', async () => {
    const [target = '', canary = ''] = (new URL(findingUrl).searchParams.get('key') ?? '').split('|');
    const db = new Database(stateDb, { readonly: true });
    const rows = db
      .prepare('SELECT p.at, p.v FROM history_points p JOIN history_pairs h ON h.id = p.pair WHERE h.target = ? AND h.canary = ?')
      .all(target, canary) as { at: number; v: string }[];
    db.close();
    const column = HISTORY_METRICS.findIndex((m) => m.id === 'input-tokens');
    const measured = rows.flatMap((r) => {
      const v = (JSON.parse(r.v) as (number | null)[])[column];
      return v === null || v === undefined ? [] : [`${r.at}:${v}`];
    });
    expect(measured.length).toBeGreaterThan(3);
    const { page, problems } = await open(browser, `${base}/pair?target=${encodeURIComponent(target)}&canary=${encodeURIComponent(canary)}`);
    const drawn = await page.locator('#chart-input-tokens circle.point').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-at')}:${e.getAttribute('data-value')}`));
    for (const point of measured) expect(drawn).toContain(point);
    expect(await page.locator('#chart-latency circle.point').count()).toBeGreaterThanOrEqual(measured.length);
    expect(await page.locator('#chart-input-tokens .marker-finding').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-input-tokens .marker-confirmed').count()).toBeGreaterThan(0);
    if (SCREENSHOTS) await page.screenshot({ path: 'docs/dashboard-pair.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  it('the overview shows the alerting canary as alerting, the open alerts with their summary, and the scraped shutdown date on the calendar', async () => {
    const { page, problems } = await open(browser, `${base}/`);
    expect(await page.locator('#alerts tbody tr').count()).toBeGreaterThan(0);
    const summaries = await page.locator('#alerts tbody tr td:nth-child(5)').allTextContents();
    expect(summaries.every((s) => s.trim().length > 0)).toBe(true);
    const api = (await (await fetch(`${base}/api/alerts`)).json()) as { summary?: string }[];
    expect(api.length).toBeGreaterThan(0);
    expect(api.every((a) => typeof a.summary === 'string' && a.summary.length > 0)).toBe(true);
    // The canary that owns the alert (one canary owns a target-level finding) is not shown `ok`.
    const [target = '', canary = ''] = (new URL(findingUrl).searchParams.get('key') ?? '').split('|');
    const cell = page.locator(`#grid a[href="/pair?target=${encodeURIComponent(target)}&canary=${encodeURIComponent(canary)}"]`);
    expect(await cell.getAttribute('class')).toMatch(/s-alert-/);
    expect(await page.locator('#shutdown-timeline').textContent()).toContain('2027-04-01 text-embedding-005');
    expect(await page.locator('#shutdowns').textContent()).toContain('vertex/text-embedding-005');
    expect(await page.locator('#sources').textContent()).toContain('ok');
    if (SCREENSHOTS) {
      mkdirSync('docs', { recursive: true });
      await page.screenshot({ path: 'docs/dashboard-overview.png', fullPage: true });
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['/target?target=sim%2Fgpt-4o-mini', '#chart-input-tokens circle.point'],
    ['/deprecations', '#deprecation-rows tbody tr'],
    ['/silences', '#silences, p.empty'],
  ])('%s loads with no console error and no request beyond loopback', async (path, selector) => {
    const { page, problems } = await open(browser, `${base}${path}`);
    expect(await page.locator(selector).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
