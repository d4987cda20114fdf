import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { makeWorkspace } from '../support/workspace.js';

const fixture = (name: string): string => readFileSync(`test/fixtures/deprecations/${name}`, 'utf8');

describe('e2e: tripline deprecations against lifecycle pages served on loopback', () => {
  let server: Server;
  let page = fixture('vertex-ai-model-versions-2026-05-28.md');
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/markdown' });
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/model-versions.md`;
  });
  afterAll(() => server.close());

  it('a shutdown date pulled earlier is a critical date_changed with old and new ISO dates; a restart re-announces nothing', async () => {
    page = fixture('vertex-ai-model-versions-2026-05-28.md');
    const ws = makeWorkspace({
      config: {
        providers: { vertex: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' } },
        targets: ['vertex/gemini-2.0-flash-001'],
        deprecations: { sources: [{ type: 'vertex-ai', url }] },
      },
    });
    const first = await runCli(['deprecations', '--json', '--config', ws.configPath]);
    expect(first.stderr).toBe('');
    const again = await runCli(['deprecations', '--json', '--config', ws.configPath]);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { findings: unknown[] }).findings).toEqual([]);

    page = fixture('variant-vertex-ai-2026-05-28-moved.md');
    const moved = await runCli(['deprecations', '--json', '--config', ws.configPath]);
    expect(moved.code).toBe(1);
    const { findings } = JSON.parse(moved.stdout) as { findings: { kind: string; severity: string; target: string; evidence: unknown }[] };
    expect(findings.map((f) => [f.kind, f.severity, f.target])).toEqual([['deprecation.date_changed', 'critical', 'vertex/gemini-2.0-flash-001']]);
    expect(JSON.stringify(findings[0]!.evidence)).toContain('2026-04-02');
    expect(JSON.stringify(findings[0]!.evidence)).toContain('2026-06-01');
  });

  it('a page whose tables are gone is deprecation.source_broken, not an empty success', async () => {
    page = fixture('variant-openai-2026-02-26-tables-removed.md');
    const ws = makeWorkspace({
      config: {
        providers: { oa: { type: 'openai', apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' } },
        targets: ['oa/gpt-4o'],
        deprecations: { sources: [{ type: 'openai', url, format: 'markdown' }] },
      },
    });
    const result = await runCli(['deprecations', '--json', '--config', ws.configPath]);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { findings: { kind: string }[] }).findings.map((f) => f.kind)).toContain('deprecation.source_broken');
  });

  it('under check, deprecation.source_broken opens while the page is unreadable and resolves once it reads again, as in the daemon', async () => {
    const hook = await startWebhookReceiver('whsec-source-broken-e2e');
    try {
      page = fixture('variant-openai-2026-02-26-tables-removed.md');
      const ws = makeWorkspace({
        config: {
          providers: { oa: { type: 'openai', apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', maxRetries: 0 } },
          targets: ['oa/gpt-4o'],
          deprecations: { sources: [{ type: 'openai', url, format: 'markdown' }] },
          alerts: { channels: [{ type: 'webhook', url: hook.url, secret: 'whsec-source-broken-e2e' }], resolveAfterCycles: 1 },
        },
      });
      const events = () =>
        hook.deliveries.map((d) => {
          const body = d.body as { type: string; finding: { kind: string } };
          return [body.type, body.finding.kind];
        });
      await runCli(['check', '--config', ws.configPath]);
      expect(events()).toEqual([['opened', 'deprecation.source_broken']]);
      page = fixture('openai-2026-02-26.md');
      await runCli(['check', '--config', ws.configPath]);
      expect(events()).toEqual([
        ['opened', 'deprecation.source_broken'],
        ['resolved', 'deprecation.source_broken'],
      ]);
    } finally {
      await hook.close();
    }
  }, 60_000);
});
