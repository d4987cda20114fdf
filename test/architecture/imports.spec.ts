import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, lowest first (docs/architecture.md explains each). A module may import its own
 * layer and the layers below it, never one above: domain types at the bottom, storage below alerts,
 * deprecations and the runtime, the commands and the CLI on top. A path belongs to the first layer
 * whose prefix it starts with.
 */
const LAYERS: readonly { name: string; paths: readonly string[] }[] = [
  { name: 'domain', paths: ['src/domain/'] },
  { name: 'foundations', paths: ['src/stats/', 'src/http/', 'src/secrets/'] },
  { name: 'storage', paths: ['src/storage/'] },
  { name: 'alerts', paths: ['src/alerts/'] },
  { name: 'history', paths: ['src/history/'] },
  { name: 'config', paths: ['src/config/'] },
  { name: 'plugins', paths: ['src/providers/', 'src/probes/', 'src/deprecations/'] },
  { name: 'snapshots', paths: ['src/snapshots/'] },
  { name: 'runtime', paths: ['src/runtime/'] },
  { name: 'simulator', paths: ['src/simulator/'] },
  { name: 'commands', paths: ['src/commands/'] },
  { name: 'cli', paths: ['src/cli.ts'] },
];

/** Known violations being fixed elsewhere, as `importer layer -> imported path prefix` (none left). */
const PENDING: readonly { from: string; to: string }[] = [];

function layerOf(path: string): number {
  const index = LAYERS.findIndex((l) => l.paths.some((p) => path.startsWith(p)));
  if (index < 0) throw new Error(`${path} is in no layer: add it to LAYERS in test/architecture/imports.spec.ts`);
  return index;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import and re-export of `file` (type-only ones too), as repository paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(resolve('.'), resolve(dirname(file), name)).replace(/\.js$/, '.ts'));
}

/** `importer -> imported` for every import that reaches a higher layer. */
export function layerViolations(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const target of importsOf(file)) {
      const to = layerOf(target);
      if (to <= from) continue;
      const pending = PENDING.some((p) => p.from === LAYERS[from]?.name && target.startsWith(p.to));
      if (!pending) out.push(`${file} (${LAYERS[from]?.name}) -> ${target} (${LAYERS[to]?.name})`);
    }
  }
  return out;
}

describe('the import rules of docs/architecture.md', () => {
  const files = sourceFiles('src');

  it('puts every source file in a layer', () => {
    for (const file of files) expect(() => layerOf(file)).not.toThrow();
  });

  it('has no import from a lower layer into a higher one', () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it('catches an import that reaches up', () => {
    expect(layerOf('src/domain/finding.ts')).toBeLessThan(layerOf('src/runtime/engine/index.ts'));
    expect(LAYERS.map((l) => l.name)).toEqual(expect.arrayContaining(['domain', 'storage', 'alerts', 'runtime']));
  });
});
