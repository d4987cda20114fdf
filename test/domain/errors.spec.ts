import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';

const documented = [...readFileSync('docs/errors.md', 'utf8').matchAll(/^## ([A-Z_]+)$/gm)].map((m) => m[1]);

describe('src/domain/errors.ts', () => {
  it('documents every error code in docs/errors.md, and nothing else', () => {
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('documents the codes in the order of the catalogue', () => {
    expect(documented).toEqual([...ERROR_CODES]);
  });
});
