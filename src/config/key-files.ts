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

/**
 * Resolves `server.authTokenFile` like an API key file: the returned server block carries
 * `authToken` read from the file, so the server and the redaction of secrets see one field.
 */
export function readServerTokenFile(
  source: YamlSource,
  config: TriplineConfig,
  baseDir: string,
): { server: TriplineConfig['server']; problems: ConfigProblem[] } {
  const { server } = config;
  if (server.authTokenFile === undefined) return { server, problems: [] };
  const at = ['server', 'authTokenFile'];
  if (server.authToken !== undefined) return { server, problems: [problemAt(source, at, 'set authToken or authTokenFile, not both', true)] };
  const path = resolve(baseDir, server.authTokenFile);
  try {
    if (statSync(path).size > MAX_KEY_FILE_BYTES) return { server, problems: [problemAt(source, at, `token file is larger than ${MAX_KEY_FILE_BYTES} bytes: ${path}`)] };
    const token = readFileSync(path, 'utf8').trim();
    if (token.length < 16) return { server, problems: [problemAt(source, at, `the token in ${path} is ${token ? 'shorter than 16 characters' : 'empty'}`)] };
    return { server: { ...server, authToken: token }, problems: [] };
  } catch {
    return { server, problems: [problemAt(source, at, `cannot read token file: ${path}`)] };
  }
}
