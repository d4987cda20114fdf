import { readFileSync, statSync } from 'node:fs';
import { visit } from 'yaml';
import type { z } from 'zod';
import type { ConfigProblem } from '../domain/errors.js';
import { interpolateDocument } from './interpolate-document.js';
import type { EnvUse } from './interpolate-document.js';
import { parseYamlSource } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';
import { issuesToProblems } from './zod-problems.js';

/** One YAML file read, interpolated and validated; `data` is set only when there are no problems. */
export interface ParsedFile<T> {
  source: YamlSource | null;
  data: T | null;
  /** The interpolated data before validation (null when unreadable or not YAML), for cross-checks. */
  raw: unknown;
  problems: ConfigProblem[];
  envUses: EnvUse[];
}

/** A problem about a file as a whole (missing, unreadable), at line 0 column 0. */
export function fileProblem(file: string, message: string): ConfigProblem {
  return { file, line: 0, column: 0, path: '', message };
}

/** Largest config or canary file read (bytes): real ones are a few KB; checked before reading. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
/** Alias expansions allowed while building the data (the `yaml` default): a billion-laughs file stops here. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Reads `path`, parses YAML, interpolates `${VAR}` and validates with `schema`; never throws.
 * `prepare` may complete the interpolated data in place before validation (secret files) and
 * returns its own problems.
 */
export function parseYamlFile<S extends z.ZodType>(
  path: string,
  file: string,
  schema: S,
  env: NodeJS.ProcessEnv,
  prepare?: (source: YamlSource, raw: unknown) => ConfigProblem[],
): ParsedFile<z.output<S>> {
  const unread = (problem: ConfigProblem): ParsedFile<z.output<S>> => ({ source: null, data: null, raw: null, problems: [problem], envUses: [] });
  let text: string;
  try {
    const bytes = statSync(path).size;
    if (bytes > MAX_CONFIG_FILE_BYTES) {
      return unread(fileProblem(file, `file is ${bytes} bytes, larger than the ${MAX_CONFIG_FILE_BYTES}-byte (1 MiB) limit; split it or remove what is not config`));
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return unread(fileProblem(file, readError(err)));
  }
  const { source, problems } = parseYamlSource(file, text);
  if (problems.length > 0) return { source, data: null, raw: null, problems, envUses: [] };
  const interpolated = interpolateDocument(source, env);
  let raw: unknown;
  try {
    raw = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (err) {
    return { source, data: null, raw: null, problems: [aliasProblem(source, err)], envUses: [] };
  }
  const all = [...interpolated.problems, ...(prepare?.(source, raw) ?? [])];
  const result = schema.safeParse(raw);
  if (!result.success) {
    // Issues on a scalar whose interpolation failed repeat the interpolation problem: drop them.
    const failed = new Set(interpolated.problems.map((p) => p.path));
    all.push(...issuesToProblems(source, result.error.issues).filter((p) => !failed.has(p.path)));
  }
  const data = all.length === 0 && result.success ? result.data : null;
  return { source, data, raw, problems: all, envUses: interpolated.envUses };
}

/** `toJS` throws only when aliases expand past the limit: located at the first alias. */
function aliasProblem(source: YamlSource, err: unknown): ConfigProblem {
  let offset = 0;
  visit(source.doc, {
    Alias(_key, node) {
      if (!node.range) return undefined;
      offset = node.range[0];
      return visit.BREAK;
    },
  });
  const pos = source.lineCounter.linePos(offset);
  const why = err instanceof Error ? err.message : String(err);
  return { file: source.file, line: pos.line, column: pos.col, path: '', message: `YAML: aliases expand too far (${why}; at most ${MAX_ALIAS_COUNT}): write the values out` };
}

function readError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory, expected a YAML file';
  if (code === 'EACCES') return 'permission denied';
  return `cannot read: ${err instanceof Error ? err.message : String(err)}`;
}
