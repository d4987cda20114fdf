import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT, registryKeys, renderPluginIds } from '../../scripts/write-plugin-ids.mjs';
import { DeprecationSourceConfig, ProviderConfig } from '../../src/config/schema.js';
import { ProbeId } from '../../src/config/canary-schema.js';
import { DEPRECATION_SOURCE_TYPES, PROBE_IDS, PROVIDER_TYPES } from '../../src/config/plugin-ids.js';
import { deprecationSources } from '../../src/deprecations/registry.js';
import { probes } from '../../src/probes/registry.js';
import { providers } from '../../src/providers/registry.js';

/**
 * The config sits below the plugins, so the ids it accepts are carried down from the registries by
 * `npm run schemas` (scripts/write-plugin-ids.mjs). A registry line is the only hand-written
 * registration: these cases fail when the generated file was not refreshed after one was added.
 */
describe('src/config/plugin-ids.ts', () => {
  it('is what `npm run schemas` writes from the registries now', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(renderPluginIds('.'));
  });

  it.each([
    ['probes', PROBE_IDS, probes],
    ['providers', PROVIDER_TYPES, providers],
    ['deprecation sources', DEPRECATION_SOURCE_TYPES, deprecationSources],
  ] as const)('lists exactly the registered %s, in registry order', (_kind, ids, registry) => {
    expect([...ids]).toEqual(Object.keys(registry));
  });

  it('is what the config accepts: every registered id validates, an unregistered one does not', () => {
    for (const id of PROBE_IDS) expect(ProbeId.safeParse(id).success).toBe(true);
    expect(ProbeId.safeParse('entropy').success).toBe(false);
    for (const type of PROVIDER_TYPES) expect(ProviderConfig.shape.type.safeParse(type).success).toBe(true);
    expect(ProviderConfig.shape.type.safeParse('cohere').success).toBe(false);
    for (const type of DEPRECATION_SOURCE_TYPES) expect(DeprecationSourceConfig.safeParse(type).success).toBe(true);
    expect(DeprecationSourceConfig.safeParse('xai').success).toBe(false);
  });

  it('reads a new registry line, shorthand or quoted, so the line is all a new plugin adds by hand', () => {
    const registry = [
      "import { shape } from './shape/index.js';",
      'export const probes = {',
      '  shape,',
      "  'token-entropy': tokenEntropy,",
      '} satisfies Record<ProbeId, Probe>;',
    ].join('\n');
    expect(registryKeys(registry, 'probes')).toEqual(['shape', 'token-entropy']);
  });

  it('refuses a registry it cannot read rather than dropping an entry', () => {
    expect(() => registryKeys('export const probes = { ...others };', 'probes')).toThrow(/not `id` or `'id': value`/);
    expect(() => registryKeys('export const probes = makeRegistry();', 'probes')).toThrow(/not an object literal/);
    expect(() => registryKeys('export const other = {};', 'probes')).toThrow(/no `export const probes/);
  });
});
