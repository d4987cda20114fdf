import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderType } from '../../src/config/schema.js';
import { getProvider, providers } from '../../src/providers/registry.js';

/** Shared code, not adapters (documented in src/providers/README.md). */
const HELPER_FOLDERS = ['openai-wire', 'shared'];

describe('src/providers/registry', () => {
  const folders = readdirSync(new URL('../../src/providers/', import.meta.url), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !HELPER_FOLDERS.includes(d.name))
    .map((d) => d.name)
    .sort();

  it('has exactly one entry per adapter folder', () => {
    expect(Object.keys(providers).sort()).toEqual(folders);
  });

  it('covers every provider type of the config schema', () => {
    expect(Object.keys(providers).sort()).toEqual([...ProviderType.options].sort());
  });

  it.each(Object.entries(providers))('%s has id equal to its key and is found by getProvider', (key, adapter) => {
    expect(adapter.id).toBe(key);
    expect(getProvider(adapter.id)).toBe(adapter);
  });
});
