/**
 * Deprecation watch benchmark: every source scraped from local copies of the real pages, served on
 * 127.0.0.1, through the real HTTP client, parser and state database. Target: < 2 s in total.
 * Run: `npm run build && node dist/bench/deprecations.js`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TriplineConfig } from '../src/config/schema.js';
import { runDeprecationWatch } from '../src/deprecations/watch.js';
import { createHttpClient } from '../src/http/client.js';
import { openStateStore } from '../src/runtime/state/store.js';

const FIXTURES = resolve(process.argv[2] ?? 'test/fixtures/deprecations');
const PAGES: [type: string, file: string][] = [
  ['openai', 'openai-2025-11-13.html'],
  ['openai', 'openai-2026-02-26.md'],
  ['anthropic', 'anthropic-2025-05-27.html'],
  ['anthropic', 'anthropic-2025-10-23.md'],
  ['gemini', 'gemini-api-deprecations-2025-12-02.md'],
  ['gemini', 'gemini-api-changelog-2025-11-13.html'],
  ['vertex-ai', 'vertex-ai-model-versions-2026-05-28.md'],
  ['azure-openai', 'azure-openai-014bb4a.md'],
  ['azure-openai', 'azure-foundry-2025-11-13.html'],
  ['aws-bedrock', 'aws-bedrock-2025-11-13.html'],
  ['mistral', 'mistral-2025-01-13.md'],
  ['cohere', 'cohere-2025-01-31.md'],
];

async function main(): Promise<void> {
  const bodies = new Map(PAGES.map(([, file]) => [`/${file}`, readFileSync(join(FIXTURES, file))]));
  const server = createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    const type = req.url?.endsWith('.md') ? 'text/markdown' : 'text/html';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = TriplineConfig.parse({
    providers: { openai: { type: 'openai' }, anthropic: { type: 'anthropic' }, gemini: { type: 'gemini' } },
    targets: ['openai/gpt-4o', 'anthropic/claude-3-opus-20240229', 'gemini/gemini-2.0-flash'],
    deprecations: { sources: PAGES.map(([type, file]) => ({ type, url: `${base}/${file}` })) },
  });
  const stateDir = mkdtempSync(join(tmpdir(), 'tripline-bench-'));
  const store = await openStateStore(stateDir);
  const targets = [
    { id: 'openai/gpt-4o', provider: 'openai', model: 'gpt-4o', providerType: 'openai' as const },
    { id: 'anthropic/claude-3-opus-20240229', provider: 'anthropic', model: 'claude-3-opus-20240229', providerType: 'anthropic' as const },
    { id: 'gemini/gemini-2.0-flash', provider: 'gemini', model: 'gemini-2.0-flash', providerType: 'gemini' as const },
  ];
  const http = createHttpClient();
  const runs: number[] = [];
  let summary = '';
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    const result = await runDeprecationWatch({ config, http, db: store.db, now: new Date(), targets, allModels: true });
    runs.push(performance.now() - started);
    summary = result.sources.map((s) => `${s.ok ? 'ok ' : 'ERR'} ${String(s.rowCount).padStart(3)} rows  ${s.url.slice(base.length + 1)}`).join('\n');
  }
  await store.close();
  rmSync(stateDir, { recursive: true, force: true });
  server.close();
  const first = runs[0] ?? 0;
  process.stdout.write(`${summary}\n`);
  process.stdout.write(`deprecations: ${PAGES.length} pages, first run ${first.toFixed(0)} ms (cold), then ${runs.slice(1).map((r) => r.toFixed(0)).join(' ms, ')} ms; target < 2000 ms\n`);
  process.exitCode = first < 2000 ? 0 : 1;
}

await main();
