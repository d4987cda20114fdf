import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the build of tsconfig.json reads: its sources (bench/ imports test/ helpers) and its options. */
const INPUT_DIRS = ['src', 'bench', 'test'];
const INPUT_FILES = ['tsconfig.json', 'package.json', 'node_modules/typescript/package.json'];
/** Digest of the inputs of the last build this setup ran without errors. */
const STAMP = 'dist/.test-build-inputs';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** A hash of every input's path and content: unlike mtimes, it changes exactly when the build could. */
function inputsDigest(): string {
  const hash = createHash('sha256');
  const files = [...INPUT_DIRS.flatMap(sourceFiles), ...INPUT_FILES].sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/**
 * e2e suites run the built CLI, so the build must match the sources under test. tsc emits even
 * with type errors; those are reported by `npm run typecheck`, not here. The build is incremental
 * (`dist/.tsbuildinfo`), but even a build with nothing to do type-checks the whole program (about
 * 4 s while every spec waits), so it is skipped when the inputs hash as they did after the last
 * clean build.
 */
export default function setup(): void {
  const digest = inputsDigest();
  const built = existsSync('dist/.tsbuildinfo') && existsSync('dist/src/cli.js');
  if (built && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === digest) return;
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) process.stderr.write(`[global-setup] tsc reported errors:\n${r.stdout}${r.stderr}`);
  else writeFileSync(STAMP, digest);
}
