import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

export interface Workspace {
  dir: string;
  configPath: string;
  canariesDir: string;
  snapshotsDir: string;
}

/**
 * A temporary project: tripline.yaml written from `config` (paths default into the workspace),
 * canaries copied from the repo's canaries/ (all, or the named files) or written from `canaries`.
 */
export function makeWorkspace(opts: {
  config: Record<string, unknown>;
  shippedCanaries?: string[] | 'all';
  canaries?: Record<string, Record<string, unknown>>;
}): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-e2e-'));
  const canariesDir = join(dir, 'canaries');
  const snapshotsDir = join(dir, 'snapshots');
  mkdirSync(canariesDir);
  if (opts.shippedCanaries === 'all') cpSync(resolve('canaries'), canariesDir, { recursive: true });
  else for (const file of opts.shippedCanaries ?? []) cpSync(resolve('canaries', file), join(canariesDir, file));
  for (const [name, body] of Object.entries(opts.canaries ?? {})) writeFileSync(join(canariesDir, name), stringify(body));
  const config = { canaries: './canaries', snapshots: './snapshots', stateDir: './state', ...opts.config };
  const configPath = join(dir, 'tripline.yaml');
  writeFileSync(configPath, stringify(config));
  return { dir, configPath, canariesDir, snapshotsDir };
}
