import { describe, expect, it } from 'vitest';
import { modelMatches, targetsForRow, type MonitoredTarget } from '../../src/deprecations/match.js';
import { findingFromModelStatus } from '../../src/deprecations/model-status.js';
import { shutdownGauges } from '../../src/deprecations/reminders.js';
import { parseDate } from '../../src/deprecations/dates.js';
import type { DeprecationRow } from '../../src/deprecations/schema.js';

const row = (over: Partial<DeprecationRow>): DeprecationRow => ({
  provider: 'openai',
  modelId: 'gpt-4o-2024-05-13',
  status: 'deprecated',
  section: 's',
  text: 't',
  ...over,
});
const target = (id: string, providerType: MonitoredTarget['providerType']): MonitoredTarget => {
  const [provider = '', ...model] = id.split('/');
  return { id, provider, model: model.join('/'), providerType };
};

describe('src/deprecations/match.ts', () => {
  it.each([
    // row model, target model, reported by responses, matches
    ['gpt-4o', 'gpt-4o', undefined, true],
    ['GPT-4o', 'gpt-4o', undefined, true],
    ['gpt-4o-2024-05-13', 'gpt-4o', undefined, true], // alias target, snapshot row, nothing reported yet
    ['gpt-4o-2024-05-13', 'gpt-4o', ['gpt-4o-2024-08-06'], false], // responses say the alias serves another snapshot
    ['gpt-4o-2024-08-06', 'gpt-4o', ['gpt-4o-2024-08-06'], true],
    ['gpt-4o', 'gpt-4o-2024-08-06', undefined, true], // the alias itself retires
    ['claude-3-haiku-20240307', 'claude-3-haiku', undefined, true],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash', undefined, true],
    ['gpt-4o-mini', 'gpt-4o', undefined, false],
    ['gpt-4o-realtime-preview', 'gpt-4o', undefined, false],
    ['babbage', 'babbage-002', undefined, false], // a revision is a model of its own
    ['mistral-large-2407', 'mistral-large-latest', undefined, false], // -latest moves by design
    ['mistral-large-2411', 'mistral-large-latest', ['mistral-large-2411'], true],
    ['claude-3-haiku-20240307', 'anthropic/claude-3-haiku-20240307', undefined, true], // gateway prefix
  ] as const)('row %s vs target %s (reported %j) → %s', (rowModel, targetModel, reported, expected) => {
    expect(modelMatches(rowModel, targetModel, reported ? [...reported] : undefined)).toBe(expected);
  });

  it('maps rows to targets of the provider types the page governs, gateways, or the same provider name', () => {
    const targets = [
      target('openai/gpt-4o', 'openai'),
      target('azure/gpt-4o', 'azure-openai'),
      target('openrouter/openai/gpt-4o', 'openai-compatible'),
      target('mistral/gpt-4o', 'anthropic'),
    ];
    expect(targetsForRow(row({}), ['openai'], targets).map((t) => t.id)).toEqual(['openai/gpt-4o', 'openrouter/openai/gpt-4o']);
    expect(targetsForRow(row({ provider: 'azure-openai' }), ['azure-openai'], targets).map((t) => t.id)).toEqual([
      'azure/gpt-4o',
      'openrouter/openai/gpt-4o',
    ]);
    expect(targetsForRow(row({ provider: 'mistral', modelId: 'gpt-4o' }), [], targets).map((t) => t.id)).toEqual([
      'openrouter/openai/gpt-4o',
      'mistral/gpt-4o',
    ]);
  });
});

describe('src/deprecations/reminders.ts shutdownGauges', () => {
  it('gives the earliest firm shutdown per target, in epoch seconds', () => {
    const rows = [
      row({ shutdown: parseDate('2026-10-20') }),
      row({ shutdown: parseDate('2026-08-20'), section: 'other' }),
      row({ provider: 'anthropic', modelId: 'claude-3-haiku-20240307', status: 'active', shutdown: parseDate('Not sooner than March 7, 2025') }),
      row({ provider: 'gemini', modelId: 'gemini-2.0-flash-001', shutdown: parseDate('February 2026') }),
    ];
    const targets = [target('openai/gpt-4o', 'openai'), target('anthropic/claude-3-haiku', 'anthropic'), target('gemini/gemini-2.0-flash', 'gemini')];
    expect(shutdownGauges(rows, targets)).toEqual([
      { provider: 'openai', model: 'gpt-4o', timestampSeconds: Date.UTC(2026, 7, 20) / 1000 },
      { provider: 'gemini', model: 'gemini-2.0-flash', timestampSeconds: Date.UTC(2026, 1, 1) / 1000 },
    ]);
  });
});

describe('src/deprecations/model-status.ts', () => {
  it('turns a Gemini modelStatus that reports retirement into deprecation.announced', () => {
    const f = findingFromModelStatus('gemini/gemini-2.0-flash', { stage: 'DEPRECATED', retirementTime: '2026-02-05T00:00:00Z', message: 'use 2.5' });
    expect(f).toMatchObject({
      kind: 'deprecation.announced',
      severity: 'warning',
      target: 'gemini/gemini-2.0-flash',
      subject: 'gemini-2.0-flash',
      summary: 'gemini-2.0-flash reports lifecycle stage DEPRECATED in its responses; retirement 2026-02-05',
      evidence: { after: { stage: 'DEPRECATED', iso: '2026-02-05', precision: 'day' }, message: 'use 2.5' },
    });
    expect(findingFromModelStatus('gemini/x', { stage: 'RETIRED', retirementTime: null, message: null })?.kind).toBe('deprecation.announced');
    expect(findingFromModelStatus('gemini/x', { stage: 'STABLE', retirementTime: null, message: null })).toBeNull();
    expect(findingFromModelStatus('gemini/x', null)).toBeNull();
  });
});
