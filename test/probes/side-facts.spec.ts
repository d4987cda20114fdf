import { describe, expect, it } from 'vitest';
import { diffSideFacts, type Primitive } from '../../src/probes/side-facts.js';

type Facts = Record<string, Primitive>;

const cases: { name: string; before: Facts; after: Facts; expected: string[][] }[] = [
  { name: 'unchanged', before: { temperature: 1, topK: 64 }, after: { temperature: 1, topK: 64 }, expected: [] },
  {
    name: 'a default moved',
    before: { temperature: 1, topP: 0.95 },
    after: { temperature: 1, topP: 0.9 },
    expected: [['defaults.changed', 'models.get gemini-2.5-flash.topP', 'models.get gemini-2.5-flash: topP changed 0.95 → 0.9']],
  },
  {
    name: 'the output token limit moved',
    before: { outputTokenLimit: 65536 },
    after: { outputTokenLimit: 32768 },
    expected: [['tokens.output_cap_changed', 'models.get gemini-2.5-flash.outputTokenLimit', 'models.get gemini-2.5-flash: outputTokenLimit changed 65536 → 32768']],
  },
  {
    name: 'a key added and one removed',
    before: { max_tokens: 8192, thinking: null },
    after: { maxTemperature: 2 },
    expected: [
      ['defaults.changed', 'models.get gemini-2.5-flash.maxTemperature', 'models.get gemini-2.5-flash: maxTemperature changed (absent) → 2'],
      ['tokens.output_cap_changed', 'models.get gemini-2.5-flash.max_tokens', 'models.get gemini-2.5-flash: max_tokens changed 8192 → (absent)'],
      ['defaults.changed', 'models.get gemini-2.5-flash.thinking', 'models.get gemini-2.5-flash: thinking changed null → (absent)'],
    ],
  },
];

describe('src/probes/side-facts', () => {
  it.each(cases)('$name', ({ before, after, expected }) => {
    const drafts = diffSideFacts('models.get gemini-2.5-flash', before, after);
    expect(drafts.map((d) => [d.kind, d.subject, d.summary])).toEqual(expected);
    for (const d of drafts) expect(d.severity).toBe('warning');
  });

  it('puts before/after in the evidence', () => {
    const [draft] = diffSideFacts('anthropic models', { max_tokens: 64000 }, { max_tokens: 32000 });
    expect(draft?.evidence).toEqual({ before: 64000, after: 32000, source: 'anthropic models', key: 'max_tokens' });
  });
});
