import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeprecations } from '../../src/commands/deprecations.js';
import { TriplineConfig } from '../../src/config/schema.js';
import { Finding } from '../../src/domain/finding.js';
import { createHttpClient } from '../../src/http/client.js';
import { startPageServer, type PageServer } from './support.js';

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});

function sink() {
  let text = '';
  return { write: (s: string) => void (text += s), text: () => text };
}

async function run(config: TriplineConfig, opts: { json?: boolean; all?: boolean; now: string }) {
  const out = sink();
  const err = sink();
  const code = await runDeprecations({
    loaded: { config, secrets: [] },
    json: opts.json ?? false,
    all: opts.all ?? false,
    out,
    err,
    http: createHttpClient({ sleep: () => Promise.resolve() }),
    now: new Date(opts.now),
  });
  return { code, out: out.text(), err: err.text() };
}

describe('src/commands/deprecations.ts', () => {
  it('prints monitored rows and what changed; exit 1 on a change, 0 when nothing changed', async () => {
    server.set('/a.md', { file: 'anthropic-2025-10-23.md', contentType: 'text/markdown' });
    const config = TriplineConfig.parse({
      providers: { anthropic: { type: 'anthropic' } },
      targets: ['anthropic/claude-3-opus-20240229', 'anthropic/claude-sonnet-4-5-20250929'],
      stateDir: mkdtempSync(join(tmpdir(), 'tripline-cmd-')),
      deprecations: { sources: [{ type: 'anthropic', url: server.url('/a.md') }] },
    });
    const first = await run(config, { now: '2025-10-24T00:00:00Z' });
    expect(first.code).toBe(1);
    expect(first.out).toContain('TARGET');
    expect(first.out).toMatch(/anthropic\/claude-3-opus-20240229\s+claude-3-opus-20240229\s+deprecated\s+2026-01-05/);
    expect(first.out).toMatch(/anthropic\/claude-sonnet-4-5-20250929\s+claude-sonnet-4-5-20250929\s+active\s+not before 2026-09-29/);
    expect(first.out).toContain('WARNING deprecation.announced anthropic/claude-3-opus-20240229');
    expect(first.out).not.toContain('claude-2.1'); // not monitored

    const json = await run(config, { json: true, now: '2025-10-25T00:00:00Z' });
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as { rows: { modelId: string; targets: string[] }[]; findings: unknown[] };
    expect(parsed.findings).toEqual([]);
    expect(new Set(parsed.rows.map((r) => r.modelId))).toEqual(new Set(['claude-3-opus-20240229', 'claude-sonnet-4-5-20250929']));

    const all = await run(config, { all: true, now: '2025-10-26T00:00:00Z' });
    expect(all.code).toBe(0);
    expect(all.out).toMatch(/-\s+claude-2\.1\s+deprecated\s+2025-07-21\s+claude-sonnet-4-5-20250929/);
    expect(all.out).toContain('No changes since the last run.');
  });

  it('prints findings with the check --json fields and ISO dates in the evidence', async () => {
    server.set('/v.md', { file: 'vertex-ai-model-versions-2026-05-28.md', contentType: 'text/markdown' });
    const config = TriplineConfig.parse({
      providers: { gemini: { type: 'gemini' } },
      targets: ['gemini/gemini-2.0-flash-001'],
      stateDir: mkdtempSync(join(tmpdir(), 'tripline-cmd-')),
      deprecations: { sources: [{ type: 'vertex-ai', url: server.url('/v.md') }], reminderDays: [30] },
    });
    await run(config, { now: '2026-01-01T00:00:00Z' });
    server.set('/v.md', { file: 'variant-vertex-ai-2026-05-28-moved.md', contentType: 'text/markdown' });
    const { code, out } = await run(config, { json: true, now: '2026-01-02T00:00:00Z' });
    expect(code).toBe(1);
    const { findings } = JSON.parse(out) as { findings: unknown[] };
    expect(findings).toHaveLength(1);
    const f = Finding.parse(findings[0]);
    expect(f).toMatchObject({
      kind: 'deprecation.date_changed',
      severity: 'critical',
      target: 'gemini/gemini-2.0-flash-001',
      subject: 'gemini-2.0-flash-001',
      detectedAt: '2026-01-02T00:00:00.000Z',
      evidence: { before: { iso: '2026-06-01' }, after: { iso: '2026-04-02' } },
    });
  });

  it('exits 2 when the state directory cannot be opened', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'tripline-cmd-')), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const config = TriplineConfig.parse({
      providers: { openai: { type: 'openai' } },
      targets: ['openai/gpt-4o'],
      stateDir: join(blocker, 'state'),
      deprecations: { sources: ['openai'] },
    });
    const { code, err } = await run(config, { now: '2026-01-01T00:00:00Z' });
    expect(code).toBe(2);
    expect(err).toContain('STATE_IO');
  });
});
