import { readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from '../domain/errors.js';
import type { ConfigProblem } from '../domain/errors.js';
import { Canary } from './canary-schema.js';
import { collectSecrets } from './collect-secrets.js';
import { checkCanaries, checkConfig } from './cross-checks.js';
import type { RawCanary } from './cross-checks.js';
import { deepFreeze } from './deep-freeze.js';
import { lintCanaries, lintConfig } from './lint.js';
import type { ParsedCanary } from './lint.js';
import { readKeyFiles, readServerTokenFile } from './key-files.js';
import { readChannelSecretFiles, readStateUrlFile } from './secret-files.js';
import { fileProblem, parseYamlFile } from './parse-file.js';
import { TriplineConfig } from './schema.js';
import { problemAt } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/** A validated, frozen configuration with its canaries. */
export interface LoadedConfig {
  /** Absolute path of tripline.yaml. */
  readonly configPath: string;
  /** Directory of tripline.yaml; relative paths in it are resolved against this. */
  readonly baseDir: string;
  /** The config with defaults applied and `canaries`, `snapshots`, `stateDir` made absolute. */
  readonly config: TriplineConfig;
  /** Every canary, in file name order, with the file it came from (as shown in messages). */
  readonly canaries: readonly { readonly canary: Canary; readonly file: string }[];
  /** Credential values to redact from any output (see collectSecrets), longest first. */
  readonly secrets: readonly string[];
  /** Valid but suspicious settings; `validate --strict` fails on them. */
  readonly warnings: readonly ConfigProblem[];
}

const DEFAULT_CANARIES = './canaries';

/**
 * Reads tripline.yaml and every `*.yaml`/`*.yml` in its canaries directory, interpolates `${VAR}`
 * from `env`, validates everything and returns it frozen. Throws one ConfigError listing every
 * problem found, each located by file, line, column and field.
 */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const configPath = resolve(path);
  const baseDir = dirname(configPath);
  const parsed = parseYamlFile(configPath, path, TriplineConfig, env, (source, raw) => [
    ...readChannelSecretFiles(source, raw, baseDir),
    ...readStateUrlFile(source, raw, baseDir),
  ]);
  if (!parsed.source) throw new ConfigError(parsed.problems);
  const problems = [...parsed.problems];
  const config = parsed.data;
  const canariesDir = resolve(baseDir, config?.canaries ?? rawCanariesDir(parsed.source) ?? DEFAULT_CANARIES);
  const files = listCanaryFiles(canariesDir);
  if ('problem' in files) problems.push(problemAt(parsed.source, ['canaries'], files.problem));
  const canaries: ParsedCanary[] = [];
  const raws: RawCanary[] = [];
  for (const file of 'files' in files ? files.files : []) {
    const c = parseYamlFile(file, displayPath(file), Canary, env);
    problems.push(...c.problems);
    if (c.source) raws.push({ source: c.source, raw: c.raw });
    if (c.data && c.source) canaries.push({ canary: c.data, source: c.source });
  }
  problems.push(...checkConfig(parsed.source, parsed.raw), ...checkCanaries(raws, parsed.raw));
  const keys = config ? readKeyFiles(parsed.source, config, baseDir) : null;
  const token = config ? readServerTokenFile(parsed.source, config, baseDir) : null;
  problems.push(...(keys?.problems ?? []), ...(token?.problems ?? []));
  if (!config || !keys || !token || problems.length > 0) throw new ConfigError(sortProblems(problems));
  const withKeys: TriplineConfig = { ...config, providers: keys.providers, server: token.server };
  const warnings = [...lintConfig(parsed.source, withKeys), ...lintCanaries(canaries)];
  if ('files' in files && files.files.length === 0) {
    warnings.push(fileProblem(displayPath(canariesDir), 'no canary files (*.yaml, *.yml): nothing will run'));
  }
  return deepFreeze({
    configPath,
    baseDir,
    config: {
      ...withKeys,
      canaries: canariesDir,
      snapshots: resolve(baseDir, config.snapshots),
      stateDir: resolve(baseDir, config.stateDir),
    },
    canaries: canaries.map((c) => ({ canary: c.canary, file: c.source.file })),
    secrets: collectSecrets(withKeys, parsed.envUses),
    warnings,
  });
}

/** Problems grouped by file in the order files were read, then by position within each file. */
function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (fileOrder.get(a.p.file) ?? 0) - (fileOrder.get(b.p.file) ?? 0) || a.p.line - b.p.line || a.p.column - b.p.column || a.i - b.i)
    .map(({ p }) => p);
}

/** The `canaries:` value when the config as a whole is invalid, so canary files are still checked. */
function rawCanariesDir(source: YamlSource): string | null {
  const value: unknown = source.doc.get('canaries');
  return typeof value === 'string' ? value : null;
}

function listCanaryFiles(dir: string): { files: string[] } | { problem: string } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return { problem: `canaries path is not a directory: ${dir}` };
    names = readdirSync(dir);
  } catch {
    return { problem: `canaries directory not found: ${dir}` };
  }
  const files = names
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => join(dir, n))
    .filter((f) => statSync(f).isFile());
  return { files };
}

/** A path relative to the working directory when it is below it, absolute otherwise. */
export function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
