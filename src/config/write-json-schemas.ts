import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { jsonSchemaFiles } from './json-schema.js';

/** Writes schemas/*.schema.json under `root`; returns the paths written. */
export function writeJsonSchemas(root: string): string[] {
  return jsonSchemaFiles().map((file) => {
    const target = resolve(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
    return target;
  });
}

// `npm run schemas`: node dist/src/config/write-json-schemas.js, run from the repository root.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'write-json-schemas.js')) {
  for (const path of writeJsonSchemas(process.cwd())) process.stdout.write(`wrote ${path}\n`);
}
