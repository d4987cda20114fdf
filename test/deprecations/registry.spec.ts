import { describe, expect, it } from 'vitest';
import { DeprecationSourceType } from '../../src/config/schema.js';
import { deprecationSources } from '../../src/deprecations/registry.js';
import { itIsARegistryOfFolders } from '../support/registry.js';

describe('src/deprecations/registry.ts', () => {
  itIsARegistryOfFolders({ registry: deprecationSources, dir: 'src/deprecations' });

  it('registers exactly the source types tripline.yaml accepts', () => {
    expect(Object.keys(deprecationSources).sort()).toEqual([...DeprecationSourceType.options].sort());
  });

  it.each(Object.entries(deprecationSources))('%s: default URL is https (none for the table source)', (key, source) => {
    expect(source.defaultUrl === '' ? key : new URL(source.defaultUrl).protocol).toBe(key === 'table' ? 'table' : 'https:');
  });
});
