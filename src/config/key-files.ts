import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigProblem } from '../domain/errors.js';
import type { TriplineConfig } from './schema.js';
import { problemAt } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/** Largest API key file read (bytes). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Resolves `providers.*.apiKeyFile` (CONVENTIONS 4.1.3): the returned providers carry `apiKey` read
 * from the file, so nothing downstream needs to know where a key came from.
 */
export function readKeyFiles(
  source: YamlSource,
  config: TriplineConfig,
  baseDir: string,
): { providers: TriplineConfig['providers']; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const providers: TriplineConfig['providers'] = {};
  for (const [name, provider] of Object.entries(config.providers)) {
    providers[name] = provider;
    if (provider.apiKeyFile === undefined) continue;
    const at = ['providers', name, 'apiKeyFile'];
    if (provider.apiKey !== undefined) {
      problems.push(problemAt(source, at, 'set apiKey or apiKeyFile, not both', true));
      continue;
    }
    const path = resolve(baseDir, provider.apiKeyFile);
    try {
      // A key is a few hundred bytes: a mistaken path to a large file is refused before reading it.
      if (statSync(path).size > MAX_KEY_FILE_BYTES) {
        problems.push(problemAt(source, at, `key file is larger than ${MAX_KEY_FILE_BYTES} bytes: ${path}`));
        continue;
      }
      const key = readFileSync(path, 'utf8').trim();
      if (key) providers[name] = { ...provider, apiKey: key };
      else problems.push(problemAt(source, at, `key file is empty: ${path}`));
    } catch {
      problems.push(problemAt(source, at, `cannot read key file: ${path}`));
    }
  }
  return { providers, problems };
}
