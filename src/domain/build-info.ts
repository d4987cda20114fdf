import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let known: string | undefined;

/**
 * The version in tripline's package.json (found by walking up from this file, in src/ or dist/src/),
 * read once: every recorded baseline carries it.
 */
export function packageVersion(): string {
  known ??= readPackageVersion();
  return known;
}

function readPackageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (isTripline(pkg)) return pkg.version;
    } catch {
      // not here: keep walking up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

function isTripline(pkg: unknown): pkg is { name: string; version: string } {
  return (
    typeof pkg === 'object' &&
    pkg !== null &&
    'name' in pkg &&
    pkg.name === 'tripline' &&
    'version' in pkg &&
    typeof pkg.version === 'string'
  );
}
