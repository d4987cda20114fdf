import { describe, expect, it } from 'vitest';
import { parseFixture, rowOf, rowsOf } from './support.js';

const day = (iso: string) => ({ iso, precision: 'day' });

describe('src/deprecations/openai', () => {
  it.each(['openai-2025-11-13.html', 'openai-2026-02-26.md'])('reads the dated history tables of %s', (file) => {
    const rows = rowsOf('openai', file);
    const gpt4 = rowOf(rows, 'gpt-4-0314', /2025-09-26/);
    expect(gpt4).toMatchObject({ status: 'deprecated', shutdown: day('2026-03-26'), announced: day('2025-09-26'), replacement: 'gpt-5 or gpt-4.1*' });
    expect(gpt4.shutdown?.text).toBe('2026\u201103\u201126'); // original text with U+2011 kept
    expect(rowOf(rows, 'gpt-4-0314', /2023-06-13/)).toMatchObject({ status: 'legacy', shutdown: { iso: '2024-06-13', precision: 'earliest-day' } });
    expect(rowOf(rows, 'gpt-4-0125-preview')).toMatchObject({ shutdown: day('2026-03-26') });
    expect(rowOf(rows, 'gpt-4.5-preview')).toMatchObject({ shutdown: day('2025-07-14'), replacement: 'gpt-4.1' });
    expect(rowOf(rows, 'o1-mini')).toMatchObject({ shutdown: day('2025-10-27'), replacement: 'o4-mini' });
    // prose cells never pose as the model they mention
    expect(rows.filter((r) => r.modelId === 'babbage-002')).toHaveLength(1);
    expect(rows.some((r) => r.modelId === 'New fine-tuning training on babbage-002')).toBe(true);
  });

  it('sees the page grow between the copies', () => {
    expect(parseFixture('openai', 'openai-2025-11-13.html')).toMatchObject({ ok: true });
    const newer = rowsOf('openai', 'openai-2026-02-26.md');
    expect(rowOf(newer, 'chatgpt-4o-latest')).toMatchObject({ shutdown: day('2026-02-17'), replacement: 'gpt-5.1-chat-latest' });
    expect(rowOf(newer, 'gpt-4o-realtime-preview')).toMatchObject({ shutdown: day('2026-03-24') });
    expect(rowOf(rowsOf('openai', 'openai-2025-11-13.html'), 'gpt-4o-realtime-preview')).toMatchObject({ shutdown: day('2026-02-27') });
  });

  it('reports a page without its tables as broken, not as an empty success', () => {
    expect(parseFixture('openai', 'variant-openai-2026-02-26-tables-removed.md')).toEqual({
      ok: false,
      reason: 'no table with "Shutdown date" and "Model" columns',
    });
  });
});

describe('src/deprecations/anthropic', () => {
  it.each(['anthropic-2025-05-02.html', 'anthropic-2025-05-27.html', 'anthropic-2025-05-27.md'])('reads status and history tables of %s', (file) => {
    const rows = rowsOf('anthropic', file);
    expect(rowOf(rows, 'claude-2.0', /Model status/)).toMatchObject({ status: 'deprecated', deprecated: day('2025-01-21'), shutdown: { text: 'N/A', iso: null } });
    expect(rowOf(rows, 'claude-2.0', /2025-01-21/)).toMatchObject({ shutdown: day('2025-07-21'), replacement: 'claude-3-5-sonnet-20241022', announced: day('2025-01-21') });
    expect(rowOf(rows, 'claude-instant-1.2', /Model status/)).toMatchObject({ status: 'retired', shutdown: day('2024-11-06') });
    expect(rowOf(rows, 'claude-3-opus-20240229')).toMatchObject({ status: 'active' });
  });

  it('reads the malformed markdown of 2025-10-23 (header glued to a sentence, rows without a leading pipe)', () => {
    const rows = rowsOf('anthropic', 'anthropic-2025-10-23.md');
    expect(rowOf(rows, 'claude-3-opus-20240229', /Model status/)).toMatchObject({ status: 'deprecated', deprecated: day('2025-06-30'), shutdown: day('2026-01-05') });
    expect(rowOf(rows, 'claude-3-opus-20240229', /2025-06-30/)).toMatchObject({ replacement: 'claude-opus-4-1-20250805', shutdown: day('2026-01-05') });
    expect(rowOf(rows, 'claude-haiku-4-5-20251001')).toMatchObject({ status: 'active', shutdown: { iso: '2026-10-15', precision: 'earliest-day' } });
    // the page itself disagrees: status table says October 29, the announcement October 22
    expect(rowOf(rows, 'claude-3-5-sonnet-20241022', /Model status/).shutdown).toMatchObject(day('2025-10-29'));
    expect(rowOf(rows, 'claude-3-5-sonnet-20241022', /2025-08-13/).shutdown).toMatchObject(day('2025-10-22'));
    expect(rows.every((r) => r.modelId.startsWith('claude'))).toBe(true); // "Was this page helpful?" is not a row
    expect(rows).toHaveLength(24);
  });

  it('reports renamed columns as broken', () => {
    expect(parseFixture('anthropic', 'variant-anthropic-2025-05-27-columns-renamed.html')).toMatchObject({ ok: false });
  });
});

describe('src/deprecations/gemini', () => {
  it('reads month-only lower bounds from the deprecations page', () => {
    const rows = rowsOf('gemini', 'gemini-api-deprecations-2025-12-02.md');
    expect(rowOf(rows, 'gemini-2.0-flash')).toMatchObject({
      status: 'active',
      shutdown: { text: 'Earliest February 2026', iso: '2026-02', precision: 'earliest-month' },
      replacement: 'gemini-2.5-flash',
    });
    expect(rowOf(rows, 'gemini-2.5-pro')).toMatchObject({ shutdown: { iso: '2026-06', precision: 'earliest-month' }, replacement: 'gemini-3-pro' });
    expect(rowOf(rows, 'gemini-2.5-flash').replacement).toBeUndefined();
    expect(rowOf(rows, 'imagen-3.0-generate-002')).toMatchObject({ status: 'deprecated', shutdown: day('2025-11-10'), replacement: 'imagen-4.0-generate-001' });
    expect(rows).toHaveLength(9);
  });

  it('reads shutdowns stated in release-note prose', () => {
    const rows = rowsOf('gemini', 'gemini-api-changelog-2025-11-13.html');
    expect(rowOf(rows, 'gemini-2.0-flash-exp-image-generation')).toMatchObject({ shutdown: day('2025-11-14'), announced: day('2025-11-11') });
    expect(rowOf(rows, 'gemini-2.5-pro-preview-06-05')).toMatchObject({ shutdown: day('2025-12-02') });
    expect(rowOf(rows, 'gemini-2.0-flash-live-001')).toMatchObject({ shutdown: day('2025-12-09') });
    expect(rowOf(rows, 'embedding-gecko-001')).toMatchObject({ shutdown: { iso: '2025-10', precision: 'month' } });
    expect(rowOf(rows, 'gemini-2.5-flash-preview-04-17')).toMatchObject({ shutdown: day('2025-07-15'), announced: day('2025-06-17') });
    expect(rowOf(rows, 'gemini-2.5-flash-preview-native-audio-dialog')).toMatchObject({
      status: 'deprecated',
      replacement: 'gemini-2.5-flash-native-audio-preview-09-2025',
    });
    // models merely mentioned next to a deprecation are not deprecated
    expect(rows.some((r) => r.modelId === 'gemini-2.5-flash' || r.modelId === 'gemini-embedding-001' || r.modelId === 'gemini-2.0-flash')).toBe(false);
  });
});

describe('src/deprecations/vertex-ai', () => {
  it.each(['vertex-ai-model-versions-2026-05-23.md', 'vertex-ai-model-versions-2026-05-28.md'])('reads %s', (file) => {
    const rows = rowsOf('vertex-ai', file);
    expect(rowOf(rows, 'gemini-2.5-pro')).toMatchObject({ status: 'active', shutdown: { text: 'Not before October 16, 2026', iso: '2026-10-16', precision: 'earliest-day' } });
    expect(rowOf(rows, 'gemini-2.0-flash-001')).toMatchObject({ status: 'deprecated', shutdown: day('2026-06-01') });
    expect(rowOf(rows, 'gemini-3.5-flash').shutdown).toMatchObject({ text: 'No retirement date announced', iso: null });
    expect(rowOf(rows, 'textembedding-gecko@003')).toMatchObject({ status: 'retired', shutdown: day('2025-05-24'), replacement: 'gemini-embedding-001' });
    expect(rows.filter((r) => r.modelId === 'gemini-2.0-flash')).toHaveLength(0); // the alias table is not lifecycle data
    expect(rows).toHaveLength(34);
  });
});
