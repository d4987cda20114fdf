import { describe, expect, it } from 'vitest';
import { jsonForms, redactDeep } from '../../src/secrets/redact.js';

describe('src/secrets/redact redactDeep', () => {
  const secret = 'sk-live-0123456789';

  it('replaces secrets in every string and key of a copy, leaving the input as it was', () => {
    const input = { text: `a ${secret} b`, [`h-${secret}`]: [1, null, { fp: `fp_${secret}` }], n: 3 };
    const out = redactDeep(input, [secret]);
    expect(out).toEqual({ text: 'a <secret> b', 'h-<secret>': [1, null, { fp: 'fp_<secret>' }], n: 3 });
    expect(input.text).toBe(`a ${secret} b`);
  });

  it('walks a value nested 100,000 deep without recursion', () => {
    const root: unknown[] = [];
    let cur = root;
    for (let i = 0; i < 100_000; i++) {
      const next: unknown[] = [];
      cur.push(next);
      cur = next;
    }
    cur.push(secret);
    let leaf: unknown = redactDeep(root, [secret]);
    while (Array.isArray(leaf)) leaf = leaf[0];
    expect(leaf).toBe('<secret>');
  });

  it('knows the JSON-escaped form of a secret with a quote or backslash', () => {
    expect(jsonForms(['pa"ss\\word'])).toEqual(['pa"ss\\word', 'pa\\"ss\\\\word']);
  });
});
