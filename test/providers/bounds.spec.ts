import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_PATH_CHARS, MAX_SHAPE_PATHS, SHAPE_CUT_LINE, shapeSignature } from '../../src/domain/shape.js';
import { MAX_JSON_DEPTH, looksTruncated, readBody, tooDeep } from '../../src/providers/shared/body.js';
import { MAX_TEXT_BYTES, boundText } from '../../src/providers/shared/bound.js';
import { canonicalJson, canonicalize } from '../../src/snapshots/canonical-json.js';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('src/providers/shared/body depth limit', () => {
  it('reads JSON up to MAX_JSON_DEPTH and reports deeper bodies as too_deep without parsing them', () => {
    expect(readBody(nested(MAX_JSON_DEPTH)).kind).toBe('json');
    expect(readBody(nested(MAX_JSON_DEPTH + 1))).toEqual({ kind: 'too_deep' });
    expect(readBody(nested(1_000_000))).toEqual({ kind: 'too_deep' });
  });

  it('ignores brackets inside strings and escaped quotes', () => {
    const text = JSON.stringify({ s: `${'['.repeat(1000)}\\"${'{'.repeat(1000)}` });
    expect(tooDeep(text)).toBe(false);
    expect(readBody(text).kind).toBe('json');
  });

  it('still tells cut-off JSON from non-JSON', () => {
    expect(looksTruncated('{"a": [1, 2')).toBe(true);
    expect(looksTruncated('{"a": "x\\"')).toBe(true);
    expect(readBody('<html>')).toEqual({ kind: 'non_json' });
    expect(readBody('{"a": [1, 2')).toEqual({ kind: 'truncated' });
  });
});

describe('src/providers/shared/bound', () => {
  it('keeps short text as it is', () => {
    expect(boundText('ready')).toBe('ready');
    expect(boundText('é'.repeat(MAX_TEXT_BYTES / 2))).toBe('é'.repeat(MAX_TEXT_BYTES / 2));
  });

  it('keeps the first MAX_TEXT_BYTES of a long text, cut at a character, then its length and SHA-256', () => {
    const text = `a${'é'.repeat(MAX_TEXT_BYTES)}`;
    const bytes = Buffer.byteLength(text);
    const sha = createHash('sha256').update(text).digest('hex');
    const bounded = boundText(text);
    expect(bounded).toBe(`a${'é'.repeat(MAX_TEXT_BYTES / 2 - 1)}…[${bytes} bytes, sha256 ${sha}]`);
    expect(boundText(`${text}x`)).not.toBe(bounded); // equal exactly when the whole texts are equal
  });
});

describe('src/domain/shape bounds', () => {
  it('walks 256-deep bodies without recursion and caps path length', () => {
    const lines = shapeSignature(JSON.parse(`${'{"key":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}`));
    expect(lines.every((l) => l.length <= MAX_PATH_CHARS + 20)).toBe(true);
    expect(lines.length).toBeLessThan(MAX_JSON_DEPTH);
  });

  it('keeps at most MAX_SHAPE_PATHS lines, marking the cut', () => {
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const lines = shapeSignature(wide);
    expect(lines).toHaveLength(MAX_SHAPE_PATHS + 1);
    expect(lines).toContain(SHAPE_CUT_LINE);
    expect(shapeSignature(wide)).toEqual(lines);
  });
});

describe('src/snapshots/canonical-json iterative', () => {
  it('sorts keys at every level, drops undefined members, keeps __proto__ as data', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: undefined, c: [undefined] }], a: 1 })).toBe('{"a":1,"b":[3,{"c":[null],"z":1}]}');
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('copies a value nested 100,000 deep without overflowing the stack', () => {
    const root: unknown[] = [];
    let cur = root;
    for (let i = 0; i < 100_000; i++) {
      const next: unknown[] = [];
      cur.push(next);
      cur = next;
    }
    expect(() => canonicalize(root)).not.toThrow();
  });
});
