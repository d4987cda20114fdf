import { readFileSync } from 'node:fs';
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

/** Reads `path`, parses YAML, interpolates `${VAR}` and validates with `schema`; never throws. */
export function parseYamlFile<S extends z.ZodType>(
  path: string,
  file: string,
  schema: S,
  env: NodeJS.ProcessEnv,
): ParsedFile<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { source: null, data: null, raw: null, problems: [fileProblem(file, readError(err))], envUses: [] };
  }
  const { source, problems } = parseYamlSource(file, text);
  if (problems.length > 0) return { source, data: null, raw: null, problems, envUses: [] };
  const interpolated = interpolateDocument(source, env);
  const raw: unknown = source.doc.toJS({ maxAliasCount: 100 }) ?? {};
  const result = schema.safeParse(raw);
  const all = [...interpolated.problems];
  if (!result.success) {
    // Issues on a scalar whose interpolation failed repeat the interpolation problem: drop them.
    const failed = new Set(interpolated.problems.map((p) => p.path));
    all.push(...issuesToProblems(source, result.error.issues).filter((p) => !failed.has(p.path)));
  }
  const data = all.length === 0 && result.success ? result.data : null;
  return { source, data, raw, problems: all, envUses: interpolated.envUses };
}

function readError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'is a directory, expected a YAML file';
  if (code === 'EACCES') return 'permission denied';
  return `cannot read: ${err instanceof Error ? err.message : String(err)}`;
}
