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

const md = 'text/markdown';
const kinds = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.severity} ${f.target} ${f.subject ?? ''}`);

describe('src/deprecations/watch.ts: state', () => {
  it('announces a monitored, already deprecated model once, and nothing again after a restart', async () => {
    server.set('/openai-a.md', { file: 'openai-2026-02-26.md', contentType: md });
    const rig = await watchRig({ sources: [{ type: 'openai', url: server.url('/openai-a.md') }], targets: ['openai/gpt-4-0314', 'openai/gpt-4.1'] });
    const first = await rig.run('2025-06-01T00:00:00Z');
    expect(kinds(first.findings)).toEqual(['deprecation.announced warning openai/gpt-4-0314 gpt-4-0314']);
    expect(first.findings[0]?.summary).toBe('gpt-4-0314 is deprecated on the openai lifecycle page: shutdown 2026-03-26; replacement gpt-5 or gpt-4.1*');
    expect(first.findings[0]?.action).toBe('Plan the migration of openai/gpt-4-0314 to gpt-5 or gpt-4.1* before 2026-03-26.');
    expect(first.findings[0]?.detectedAt).toBe('2025-06-01T00:00:00.000Z');
    expect((await rig.run('2025-06-01T06:00:00Z')).findings).toEqual([]);
    await rig.restart();
    expect((await rig.run('2025-06-01T12:00:00Z')).findings).toEqual([]);
    await rig.close();
  });

  it('sends each reminder once, at 90, 30, 14, 7 and 1 days before the shutdown', async () => {
    server.set('/openai-b.md', { file: 'openai-2026-02-26.md', contentType: md });
    const rig = await watchRig({ sources: [{ type: 'openai', url: server.url('/openai-b.md') }], targets: ['openai/gpt-4-0314'] });
    const reminders: string[] = [];
    for (const day of ['2025-12-01', '2025-12-26', '2025-12-27', '2026-01-10', '2026-02-24', '2026-02-25', '2026-03-13', '2026-03-19', '2026-03-25', '2026-03-25', '2026-03-27']) {
      if (day === '2026-03-19') await rig.restart();
      const { findings } = await rig.run(`${day}T09:00:00Z`);
      reminders.push(...findings.filter((f) => f.kind === 'deprecation.approaching').map((f) => `${day} ${f.severity} ${f.evidence.reminder as number} ${f.summary}`));
    }
    expect(reminders).toEqual([
      '2025-12-26 info 90 gpt-4-0314 shuts down in 90 days (2026-03-26); replacement gpt-5 or gpt-4.1*',
      '2026-02-24 warning 30 gpt-4-0314 shuts down in 30 days (2026-03-26); replacement gpt-5 or gpt-4.1*',
      '2026-03-13 warning 14 gpt-4-0314 shuts down in 13 days (2026-03-26); replacement gpt-5 or gpt-4.1*',
      '2026-03-19 critical 7 gpt-4-0314 shuts down in 7 days (2026-03-26); replacement gpt-5 or gpt-4.1*',
      '2026-03-25 critical 1 gpt-4-0314 shuts down in 1 day (2026-03-26); replacement gpt-5 or gpt-4.1*',
    ]);
    await rig.close();
  });

  it('reports a page that cannot be fetched only after the third failure in a row, and resets on success', async () => {
    server.set('/down', { status: 503 });
    const rig = await watchRig({ sources: [{ type: 'cohere', url: server.url('/down'), format: 'markdown' }], targets: [] });
    const runs = [];
    for (let i = 0; i < 3; i += 1) runs.push(await rig.run(`2025-01-0${i + 1}T00:00:00Z`));
    expect(runs.map((r) => r.findings.length)).toEqual([0, 0, 1]);
    expect(runs[0]?.sources).toEqual([{ id: 'cohere', url: server.url('/down'), ok: false, rowCount: 0, error: 'HTTP 503' }]);
    expect(kinds(runs[2]?.findings ?? [])).toEqual([`deprecation.source_broken critical cohere ${server.url('/down')}`]);
    expect(runs[2]?.findings[0]?.summary).toBe('deprecation page cohere could not be fetched 3 times in a row (HTTP 503)');
    expect(server.hits.get('/down')).toBe(9); // bounded retries: 1 + 2 per run
    server.set('/down', { file: 'cohere-2024-12-01.md', contentType: md });
    expect((await rig.run('2025-01-04T00:00:00Z')).findings).toEqual([]);
    server.set('/down', { status: 500 });
    expect((await rig.run('2025-01-05T00:00:00Z')).findings).toEqual([]); // counter restarted
    await rig.close();
  });

  it.each([
    ['a page whose tables were removed', 'openai', 'openai-2026-02-26.md', 'variant-openai-2026-02-26-tables-removed.md', 'no table with "Shutdown date" and "Model" columns'],
    ['a page whose columns were renamed', 'anthropic', 'anthropic-2025-05-27.html', 'variant-anthropic-2025-05-27-columns-renamed.html', 'no "Model status" table (API Model Name / Current State) found'],
  ])('reports %s as source_broken at once and keeps the last good rows', async (_, type, good, broken, reason) => {
    const path = `/${type}-layout`;
    const contentType = (f: string) => (f.endsWith('.md') ? md : 'text/html');
    server.set(path, { file: good, contentType: contentType(good) });
    const rig = await watchRig({ sources: [{ type, url: server.url(path) }], targets: [] });
    const before = await rig.run('2025-06-01T00:00:00Z');
    server.set(path, { file: broken, contentType: contentType(broken) });
    const after = await rig.run('2025-06-02T00:00:00Z');
    expect(kinds(after.findings)).toEqual([`deprecation.source_broken critical ${type} ${server.url(path)}`]);
    expect(after.findings[0]?.evidence).toEqual({ url: server.url(path), reason });
    expect(after.sources[0]).toMatchObject({ ok: false, error: reason });
    expect(after.rows).toEqual(before.rows);
    server.set(path, { file: good, contentType: contentType(good) });
    expect((await rig.run('2025-06-03T00:00:00Z', { allModels: true })).findings).toEqual([]); // no spurious re-announcements
    await rig.close();
  });

  it('matches an alias target to the dated snapshot its responses report, and only that one', async () => {
    server.set('/azure.md', { file: 'azure-openai-014bb4a.md', contentType: md });
    const rig = await watchRig({ sources: [{ type: 'azure-openai', url: server.url('/azure.md') }], targets: ['azure/gpt-35-turbo', 'openai/gpt-35-turbo'] });
    const reported = new Map([['azure/gpt-35-turbo', ['gpt-35-turbo-0613']]]);
    const { findings } = await rig.run('2024-12-01T00:00:00Z', { reported });
    expect(kinds(findings.filter((f) => f.kind === 'deprecation.announced'))).toEqual([
      'deprecation.announced warning azure/gpt-35-turbo gpt-35-turbo-0613',
    ]);
    await rig.close();
  });
});
