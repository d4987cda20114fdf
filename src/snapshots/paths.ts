import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SnapshotError } from '../domain/errors.js';
import { parseTarget } from '../domain/target.js';

const unsafe = (segment: string): boolean => segment === '' || segment === '.' || segment === '..' || segment.includes('\\');

/** `<dir>/<provider>/<model with / replaced by __>/<canary-id>.json`. */
export function snapshotPath(dir: string, target: string, canaryId: string): string {
  const parsed = parseTarget(target);
  const model = parsed?.model.replaceAll('/', '__') ?? '';
  if (!parsed || unsafe(parsed.provider) || unsafe(model) || unsafe(canaryId) || canaryId.includes('/')) {
    throw new SnapshotError(`cannot place a snapshot for target "${target}" and canary "${canaryId}": expected provider/model and a canary id`);
  }
  return join(dir, parsed.provider, model, `${canaryId}.json`);
}

/** One snapshot file found on disk. */
export interface SnapshotEntry {
  /** `provider/model`, `__` in the folder name turned back into `/`. */
  target: string;
  /** Canary id (the file name without `.json`). */
  canary: string;
  /** Path of the file. */
  path: string;
}

function dirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw new SnapshotError(`cannot list snapshots under ${path}`, { cause: error });
  }
}

/** Every snapshot file under `dir`, sorted by target then canary; a missing dir has none. */
export function listSnapshots(dir: string): SnapshotEntry[] {
  const out: SnapshotEntry[] = [];
  for (const provider of dirs(dir)) {
    for (const model of dirs(join(dir, provider))) {
      const files = readdirSync(join(dir, provider, model)).filter((f) => f.endsWith('.json') && !f.startsWith('.') && !f.startsWith('_'));
      for (const file of files) {
        out.push({ target: `${provider}/${model.replaceAll('__', '/')}`, canary: file.slice(0, -'.json'.length), path: join(dir, provider, model, file) });
      }
    }
  }
  return out.sort((a, b) => (a.target === b.target ? (a.canary < b.canary ? -1 : 1) : a.target < b.target ? -1 : 1));
}
