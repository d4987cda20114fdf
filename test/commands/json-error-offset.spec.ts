import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/commands/json-error-offset.js';

describe('src/commands/json-error-offset', () => {
  it.each([
    ['{"a": 1}', null],
    ['{"a":[{"b":null}], "c": -1.5e3}', null],
    ['  [[[[]]]]  ', null],
    ['"x"', null],
    ['{"a": ,}', 6],
    ['[1,2,]', 5],
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['{"a":1}}', 7],
    ['[', 1],
    ['{"a":"\u0001"}', 5],
    ['{"a": tru}', 6],
    ['{1: 2}', 1],
  ])('%j -> %s', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    expect(valid).toBe(offset === null);
  });
});
