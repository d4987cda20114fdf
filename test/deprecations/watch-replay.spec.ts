import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { startPageServer, watchRig, type PageServer } from './support.js';

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});

const md = 'text/markdown; charset=utf-8';
const brief = (f: Finding) => [f.kind, f.severity, f.target, f.subject];

/** Content type as a docs site serves the file. */
const typeOf = (file: string) => (file.endsWith('.md') ? md : 'text/html; charset=utf-8');

/** Serves `first`, runs, serves `second`, runs again; returns both runs. */
async function replay(path: string, type: string, first: string, second: string, targets: string[]) {
  const rig = await watchRig({ sources: [{ type, url: server.url(path) }], targets });
  server.set(path, { file: first, contentType: typeOf(first) });
  const one = await rig.run('2025-05-03T00:00:00Z', { allModels: true });
  server.set(path, { file: second, contentType: typeOf(second) });
  const two = await rig.run('2025-05-03T06:00:00Z', { allModels: true });
  await rig.close();
  return { one, two };
}

describe('src/deprecations/watch.ts: replaying two versions of a page', () => {
  it('anthropic 2025-05-02 → 2025-05-27: two new active models and a renamed heading are not changes', async () => {
    const { one, two } = await replay('/anthropic', 'anthropic', 'anthropic-2025-05-02.html', 'anthropic-2025-05-27.html', [
      'anthropic/claude-3-sonnet-20240229',
      'anthropic/claude-3-5-sonnet-20241022',
    ]);
    expect(one.findings.filter((f) => f.kind === 'deprecation.announced').map(brief)).toEqual([
      ['deprecation.announced', 'warning', 'anthropic/claude-3-sonnet-20240229', 'claude-3-sonnet-20240229'],
    ]);
    expect(two.sources).toEqual([expect.objectContaining({ ok: true, rowCount: 28 })]);
    expect(two.findings).toEqual([]);
  });

  it('mistral 2024-11-25 → 2025-01-13: the new legacy codestral-2405 row and nothing else', async () => {
    const { one, two } = await replay('/mistral.md', 'mistral', 'mistral-2024-11-25.md', 'mistral-2025-01-13.md', ['mistral/open-mistral-nemo']);
    expect(one.findings).toEqual([]); // first read: old news for models nobody monitors
    expect(two.findings.map(brief)).toEqual([['deprecation.announced', 'warning', 'mistral/codestral-2405', 'codestral-2405']]);
    expect(two.findings[0]?.evidence.after).toEqual({ status: 'legacy', shutdown: { text: '2025/03/30', iso: '2025-03-30', precision: 'day' } });
  });

  it('cohere 2024-12-01 → 2025-01-31: a prose-only section adds no rows, so nothing', async () => {
    const { two } = await replay('/cohere.mdx', 'cohere', 'cohere-2024-12-01.md', 'cohere-2025-01-31.md', []);
    expect(two.sources).toEqual([expect.objectContaining({ ok: true, rowCount: 2 })]);
    expect(two.findings).toEqual([]);
  });

  it('vertex-ai 2026-05-23 → 2026-05-28: link edits only, so nothing', async () => {
    const { two } = await replay('/vertex.md', 'vertex-ai', 'vertex-ai-model-versions-2026-05-23.md', 'vertex-ai-model-versions-2026-05-28.md', ['gemini/gemini-2.5-flash']);
    expect(two.findings).toEqual([]);
  });

  it('vertex-ai with a shutdown pulled 60 days earlier and another pushed later: exactly those two', async () => {
    const { two } = await replay('/vertex.md', 'vertex-ai', 'vertex-ai-model-versions-2026-05-28.md', 'variant-vertex-ai-2026-05-28-moved.md', ['gemini/gemini-2.0-flash']);
    expect(two.findings.map(brief)).toEqual([
      ['deprecation.date_changed', 'critical', 'gemini/gemini-2.0-flash', 'gemini-2.0-flash-001'],
      ['deprecation.date_changed', 'info', 'vertex-ai/veo-2.0-generate-001', 'veo-2.0-generate-001'],
    ]);
    const [earlier, later] = two.findings;
    expect(earlier?.summary).toBe('gemini-2.0-flash-001 shutdown moved earlier: 2026-06-01 → 2026-04-02 (60 days earlier); plan the migration now');
    expect(earlier?.evidence).toMatchObject({
      before: { text: 'June 1, 2026', iso: '2026-06-01', precision: 'day' },
      after: { text: 'April 2, 2026', iso: '2026-04-02', precision: 'day' },
      days: -60,
    });
    expect(earlier?.evidence.diff).toContain('-Latest stable models › Gemini models: gemini-2.0-flash-001 | February 5, 2025 | June 1, 2026');
    expect(earlier?.evidence.diff).toContain('+Latest stable models › Gemini models: gemini-2.0-flash-001 | February 5, 2025 | April 2, 2026');
    expect(later?.summary).toBe('veo-2.0-generate-001 shutdown moved later: 2026-06-30 → 2026-09-30 (92 days later)');
  });

  it('openai 2025-11-13 → 2026-02-26: new announcements and the moved dates, for every model with --all', async () => {
    const { one, two } = await replay('/openai', 'openai', 'openai-2025-11-13.html', 'openai-2026-02-26.md', []);
    expect(one.findings).toEqual([]);
    const moved = two.findings.filter((f) => f.kind === 'deprecation.date_changed');
    expect(moved.map((f) => [f.subject, f.severity, (f.evidence.before as { iso: string }).iso, (f.evidence.after as { iso: string }).iso])).toEqual([
      ['OpenAI-Beta: realtime=v1', 'info', '2026-02-27', '2026-03-24'],
      ['gpt-4o-realtime-preview', 'info', '2026-02-27', '2026-03-24'],
      ['gpt-4o-realtime-preview-2025-06-03', 'info', '2026-02-27', '2026-03-24'],
      ['gpt-4o-realtime-preview-2024-12-17', 'info', '2026-02-27', '2026-03-24'],
    ]);
    const announced = two.findings.filter((f) => f.kind === 'deprecation.announced').map((f) => f.subject);
    expect(announced).toEqual(['chatgpt-4o-latest', 'codex-mini-latest', 'dall-e-2', 'dall-e-3', 'gpt-4o-mini-realtime-preview', 'gpt-4o-audio-preview', 'gpt-4o-mini-audio-preview']);
    expect(two.findings).toHaveLength(moved.length + announced.length);
  });

  // A lower bound ("not before", "no earlier than", "earliest") replaced by a firm date months earlier
  // also makes the row deprecated; it is still the moved date, critical, with both wordings.
  it.each([
    [
      'vertex-ai "Not before October 16, 2026" -> June 16, 2026',
      { path: '/vertex.md', type: 'vertex-ai', first: 'vertex-ai-model-versions-2026-05-28.md', second: 'variant-vertex-ai-2026-05-28-pulled-forward.md', target: 'gemini/gemini-2.5-flash' },
      'gemini-2.5-flash shutdown moved earlier: not before 2026-10-16 → 2026-06-16 (122 days earlier); the page said "Not before October 16, 2026", now "June 16, 2026"',
      { before: { text: 'Not before October 16, 2026', iso: '2026-10-16', precision: 'earliest-day' }, after: { text: 'June 16, 2026', iso: '2026-06-16', precision: 'day' }, days: -122 },
    ],
    [
      'azure-openai "No earlier than July 18, 2025" -> March 31, 2025',
      { path: '/azure.md', type: 'azure-openai', first: 'azure-openai-014bb4a.md', second: 'variant-azure-openai-014bb4a-pulled-forward.md', target: 'azure/gpt-4o-mini' },
      'shutdown moved earlier: not before 2025-07-18 → 2025-03-31 (109 days earlier); the page said "No earlier than July 18, 2025", now "March 31, 2025"',
      { before: { iso: '2025-07-18', precision: 'earliest-day' }, after: { text: 'March 31, 2025', iso: '2025-03-31', precision: 'day' }, days: -109 },
    ],
    [
      'gemini "Earliest June 2026" -> February 17, 2026',
      { path: '/gemini.md', type: 'gemini', first: 'gemini-api-deprecations-2025-12-02.md', second: 'variant-gemini-api-2025-12-02-pulled-forward.md', target: 'gemini/gemini-2.5-flash' },
      'gemini-2.5-flash shutdown moved earlier: not before 2026-06 → 2026-02-17 (104 days earlier); the page said "Earliest June 2026", now "February 17, 2026"',
      { before: { text: 'Earliest June 2026', iso: '2026-06', precision: 'earliest-month' }, after: { text: 'February 17, 2026', iso: '2026-02-17', precision: 'day' }, days: -104 },
    ],
  ])('%s: deprecation.date_changed, critical, both dates and wordings', async (_name, page, summary, evidence) => {
    const { one, two } = await replay(page.path, page.type, page.first, page.second, [page.target]);
    expect(one.findings.filter((f) => f.target === page.target && f.kind !== 'deprecation.announced')).toEqual([]);
    const mine = two.findings.filter((f) => f.target === page.target);
    expect(mine.map(brief)).toEqual([['deprecation.date_changed', 'critical', page.target, expect.any(String)]]);
    expect(mine[0]?.summary).toContain(summary);
    expect(mine[0]?.evidence).toMatchObject(evidence);
  });

  it('azure-openai "No earlier than July 18, 2025" -> September 30, 2025 (a firm date after the bound): announced, not moved', async () => {
    const { two } = await replay('/azure.md', 'azure-openai', 'azure-openai-014bb4a.md', 'variant-azure-openai-014bb4a-firm-later.md', ['azure/gpt-4o-mini']);
    expect(two.findings.filter((f) => f.target === 'azure/gpt-4o-mini').map((f) => [f.kind, f.severity])).toEqual([['deprecation.announced', 'warning']]);
  });
});
