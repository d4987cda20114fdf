import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

/** What every plugin registry must satisfy; see docs/plugins.md. */
export interface RegistryUnderTest {
  /** The registry object: key = folder name = `id`. */
  registry: Readonly<Record<string, { readonly id: string }>>;
  /** The folder holding one sub-folder per plugin, relative to the repository root (`src/probes`). */
  dir: string;
  /** Sub-folders that hold shared code, not plugins. */
  helperFolders?: readonly string[];
}

/** The plugin folders under `dir`, sorted, without the helper folders. */
export function pluginFolders(dir: string, helperFolders: readonly string[] = []): string[] {
  return readdirSync(resolve(dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !helperFolders.includes(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * The same three checks for every plugin kind (call inside a `describe`): one registry entry per
 * folder and one folder per entry, each `id` equal to its key, each folder with index.ts and schema.ts.
 */
export function itIsARegistryOfFolders({ registry, dir, helperFolders = [] }: RegistryUnderTest): void {
  it('registers exactly the plugin folders', () => {
    expect(Object.keys(registry).sort()).toEqual(pluginFolders(dir, helperFolders));
  });

  it.each(Object.entries(registry))('%s: id equals its key', (key, plugin) => {
    expect(plugin.id).toBe(key);
  });

  it.each(Object.keys(registry))('%s: folder has index.ts and schema.ts', (key) => {
    expect(existsSync(join(resolve(dir), key, 'index.ts'))).toBe(true);
    expect(existsSync(join(resolve(dir), key, 'schema.ts'))).toBe(true);
  });
}
