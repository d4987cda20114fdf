import { describe, expect, it } from 'vitest';
import { ProviderType } from '../../src/config/schema.js';
import { getProvider, providers } from '../../src/providers/registry.js';
import { itIsARegistryOfFolders } from '../support/registry.js';

describe('src/providers/registry', () => {
  // openai-wire and shared hold shared code, not adapters (documented in src/providers/README.md).
  itIsARegistryOfFolders({ registry: providers, dir: 'src/providers', helperFolders: ['openai-wire', 'shared'] });

  it('covers every provider type of the config schema', () => {
    expect(Object.keys(providers).sort()).toEqual([...ProviderType.options].sort());
  });

  it.each(Object.entries(providers))('%s is found by getProvider', (_key, adapter) => {
    expect(getProvider(adapter.id)).toBe(adapter);
  });
});
