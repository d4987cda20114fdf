import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeprecationSourceId } from '../../src/deprecations/types.js';
import { FIXTURES, parseFixture, rowOf, rowsOf } from './support.js';

const day = (iso: string) => ({ iso, precision: 'day' });

describe('src/deprecations/azure-openai', () => {
  it('reads model + version rows, several models per cell, notes after <br>', () => {
    const rows = rowsOf('azure-openai', 'azure-openai-014bb4a.md');
    expect(rowOf(rows, 'gpt-4o-2024-05-13')).toMatchObject({
      displayName: 'gpt-4o version 2024-05-13',
      status: 'active',
      shutdown: { text: 'No earlier than May 20, 2025', iso: '2025-05-20', precision: 'earliest-day' },
    });
    expect(rowOf(rows, 'gpt-35-turbo-0301')).toMatchObject({ status: 'deprecated', shutdown: day('2025-02-13'), replacement: 'gpt-35-turbo (0125); gpt-4o-mini' });
    expect(rowOf(rows, 'gpt-35-turbo-16k-0613')).toMatchObject({ shutdown: day('2025-02-13') });
    expect(rowOf(rows, 'gpt-4-32k-0314')).toMatchObject({ shutdown: day('2025-06-06'), replacement: 'gpt-4o' });
    expect(rowOf(rows, 'babbage-002')).toMatchObject({ shutdown: { text: 'Retirement Date: January 27, 2025', iso: '2025-01-27' } });
    expect(rowOf(rows, 'text-davinci-003')).toMatchObject({ status: 'deprecated', deprecated: day('2023-07-06'), shutdown: day('2024-06-14') });
    expect(rows.filter((r) => r.modelId === 'text-embedding-ada-002').map((r) => r.displayName)).toEqual([
      'text-embedding-ada-002 version 2',
      'text-embedding-ada-002 version 1',
    ]);
  });

  it('reads the Foundry lifecycle page, one table per publisher', () => {
    const rows = rowsOf('azure-openai', 'azure-foundry-2025-11-13.html');
    expect(rowOf(rows, 'Mistral-large-2407')).toMatchObject({
      deprecated: day('2025-02-13'),
      shutdown: day('2025-05-13'),
      replacement: 'Mistral-medium-2505',
      section: 'Timelines for Foundry Models › Mistral AI',
    });
    expect(rowOf(rows, 'Command R+')).toMatchObject({ shutdown: day('2025-06-30'), replacement: 'Cohere Command R+ 08-2024' });
    expect(rowOf(rows, 'jais-30b-chat')).toMatchObject({ shutdown: day('2026-01-30') });
    expect(rowOf(rows, 'Jamba Instruct').replacement).toBeUndefined(); // "N/A"
  });
});

describe('src/deprecations/aws-bedrock', () => {
  it('reads the active table despite its header having one cell fewer than its rows', () => {
    const rows = rowsOf('aws-bedrock', 'aws-bedrock-2025-11-13.html');
    expect(rowOf(rows, 'ai21.jamba-1-5-large-v1:0', /Active/)).toMatchObject({
      displayName: 'Jamba 1.5 Large',
      status: 'active',
      shutdown: { text: 'No sooner than 9/23/2025', iso: '2025-09-23', precision: 'earliest-day' },
    });
    expect(rowOf(rows, 'anthropic.claude-3-haiku-20240307-v1:0', /Active/).shutdown).toMatchObject({ iso: '2025-03-14' });
    expect(rowOf(rows, 'amazon.rerank-v1:0').shutdown).toMatchObject({ text: '', iso: null });
  });

  it('resolves legacy and EOL rows keyed by display name to model ids', () => {
    const rows = rowsOf('aws-bedrock', 'aws-bedrock-2025-11-13.html');
    expect(rowOf(rows, 'anthropic.claude-3-5-sonnet-20240620-v1:0', /Legacy/)).toMatchObject({
      displayName: 'Claude 3.5 Sonnet v1',
      status: 'legacy',
      deprecated: day('2025-08-25'),
      shutdown: { text: 'Mar 1, 2026 (us-east-1, us-east-2, us-west-2, eu-central-1, eu-central-2, eu-west-1, and eu-west-3 Regions)', iso: '2026-03-01' },
      replacement: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    expect(rowOf(rows, 'anthropic.claude-opus-4-20250514-v1:0', /Legacy/)).toMatchObject({ displayName: 'Claude Opus 4', shutdown: day('2026-05-31') });
    expect(rowOf(rows, 'Claude 3 Opus')).toMatchObject({
      status: 'legacy',
      deprecated: { text: 'July 15th, 2025 (all Regions)', iso: '2025-07-15' },
      shutdown: { text: 'January 15th, 2026 (all Regions)', iso: '2026-01-15' },
    });
    expect(rowOf(rows, 'Claude v2.1')).toMatchObject({ status: 'retired', shutdown: day('2025-07-21') });
    expect(rows.filter((r) => r.modelId === 'Ai21 J2 Mid-v1').map((r) => r.shutdown?.iso)).toEqual(['2024-10-04', '2025-03-12']);
  });
});

describe('src/deprecations/mistral', () => {
  it('reads the 11-column legacy table and the model tables of both copies', () => {
    const before = rowsOf('mistral', 'mistral-2024-11-25.md');
    const after = rowsOf('mistral', 'mistral-2025-01-13.md');
    for (const rows of [before, after]) {
      expect(rowOf(rows, 'mistral-large-2407')).toMatchObject({
        displayName: 'Mistral Large 24.07',
        status: 'legacy',
        announced: { text: '2024/11/25', iso: '2024-11-25' },
        deprecated: day('2024-11-30'),
        shutdown: day('2025-03-30'),
        replacement: 'mistral-large-latest',
      });
      expect(rowOf(rows, 'open-mistral-nemo')).toMatchObject({ status: 'active' });
      expect(rows.some((r) => r.modelId === 'NA')).toBe(false); // Mathstral has no API endpoint
    }
    expect(before.some((r) => r.modelId === 'codestral-2405')).toBe(false);
    expect(rowOf(after, 'codestral-2405')).toMatchObject({ status: 'legacy', deprecated: day('2024-12-02'), shutdown: day('2025-03-30'), replacement: 'codestral-latest' });
    expect([before.length, after.length]).toEqual([18, 19]);
  });
});

describe('src/deprecations/cohere', () => {
  it.each(['cohere-2024-12-01.md', 'cohere-2025-01-31.md'])('reads the MDX history of %s', (file) => {
    const rows = rowsOf('cohere', file);
    expect(rows.map((r) => r.modelId)).toEqual(['rerank-english-v2.0', 'rerank-multilingual-v2.0']);
    expect(rowOf(rows, 'rerank-english-v2.0')).toMatchObject({ status: 'deprecated', shutdown: day('2025-03-31'), announced: day('2024-12-02'), replacement: 'rerank-v3.5' });
  });
});

describe('src/deprecations/table', () => {
  const selectors = { table: '#lifecycle', model: 'td.model', date: 'td.date', replacement: 'td.repl' };

  it('reads a page with configured CSS selectors', () => {
    const rows = rowsOf('table', 'variant-table-generic.html', { selectors, provider: 'acme' });
    expect(rows.map((r) => [r.provider, r.modelId, r.status, r.shutdown?.iso, r.shutdown?.precision, r.replacement])).toEqual([
      ['acme', 'acme-large-2024-06', 'deprecated', '2026-01-31', 'day', 'acme-large-2025-01'],
      ['acme', 'acme-small-1', 'active', '2026-03', 'earliest-month', 'acme-small-2'],
      ['acme', 'acme-tiny', 'active', null, 'unknown', undefined],
    ]);
  });

  it.each([
    [{ ...selectors, table: '#gone' }, 'table selector "#gone" matches nothing'],
    [{ ...selectors, model: 'td.renamed' }, 'model selector "td.renamed" matches nothing inside "#lifecycle"'],
    [undefined, 'a table source needs selectors: table, model and date'],
  ])('reports %j as broken', (sel, reason) => {
    expect(parseFixture('table', 'variant-table-generic.html', sel ? { selectors: sel } : {})).toEqual({ ok: false, reason });
  });
});

describe('every shared fixture', () => {
  const sourceOf: Record<string, DeprecationSourceId> = {
    anthropic: 'anthropic',
    openai: 'openai',
    'vertex-ai': 'vertex-ai',
    azure: 'azure-openai',
    'aws-bedrock': 'aws-bedrock',
    gemini: 'gemini',
    mistral: 'mistral',
    cohere: 'cohere',
  };
  const files = readdirSync(FIXTURES).filter((f) => /\.(html|md)$/.test(f) && f !== 'README.md' && f !== 'VARIANTS.md' && !f.startsWith('variant-'));

  it('is present (17 real pages)', () => {
    expect(files).toHaveLength(17);
  });

  it.each(files)('%s parses to validated rows', (file) => {
    const prefix = Object.keys(sourceOf).find((p) => file.startsWith(`${p}-`));
    expect(prefix).toBeDefined();
    const result = parseFixture(sourceOf[prefix ?? ''] as DeprecationSourceId, file);
    expect(result.ok && result.rows.length > 0).toBe(true);
  });
});
