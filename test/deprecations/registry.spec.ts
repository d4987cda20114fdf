import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeprecationSourceType } from '../../src/config/schema.js';
import { deprecationSources } from '../../src/deprecations/registry.js';

const SRC = fileURLToPath(new URL('../../src/deprecations/', import.meta.url));
const folders = readdirSync(SRC).filter((f) => statSync(`${SRC}${f}`).isDirectory());

describe('src/deprecations/registry.ts', () => {
  it('registers exactly the source folders', () => {
    expect(Object.keys(deprecationSources).sort()).toEqual([...folders].sort());
  });

  it('registers exactly the source types tripline.yaml accepts', () => {
    expect(Object.keys(deprecationSources).sort()).toEqual([...DeprecationSourceType.options].sort());
  });

  it.each(Object.entries(deprecationSources))('%s: id equals its key, folder has index.ts and schema.ts', (key, source) => {
    expect(source.id).toBe(key);
    expect(existsSync(`${SRC}${key}/index.ts`)).toBe(true);
    expect(existsSync(`${SRC}${key}/schema.ts`)).toBe(true);
    expect(source.defaultUrl === '' ? key : new URL(source.defaultUrl).protocol).toBe(key === 'table' ? 'table' : 'https:');
  });
});
