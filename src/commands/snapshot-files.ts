import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../config/load.js';
import { fileProblem } from '../config/parse-file.js';
import { parseYamlSource, problemAt } from '../config/yaml-source.js';
import { issuesToProblems } from '../config/zod-problems.js';
import type { ConfigProblem } from '../domain/errors.js';
import { SnapshotError } from '../domain/errors.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { listSnapshots, SIDE_FILE, SideSnapshot, Snapshot } from '../snapshots/index.js';

/**
 * Every snapshot file under `dir` checked the way the engine reads it (JSON, then the zod schema
 * of src/snapshots/schema.ts, then the target and canary it must hold), each problem located at
 * file:line:column. A missing folder has no files and no problems.
 */
export function snapshotFileProblems(dir: string): ConfigProblem[] {
  let entries;
  try {
    entries = listSnapshots(dir);
  } catch (error) {
    return [fileProblem(displayPath(dir), error instanceof SnapshotError ? error.message : String(error))];
  }
  const problems = entries.flatMap((e) => fileProblems(e.path, Snapshot, { target: e.target, canary: e.canary }));
  for (const folder of sideFolders(dir)) problems.push(...fileProblems(join(folder, SIDE_FILE), SideSnapshot, null));
  return problems;
}

function sideFolders(dir: string): string[] {
  const folders = (path: string): string[] => {
    try {
      return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(path, e.name));
    } catch {
      return [];
    }
  };
  return folders(dir).flatMap(folders).filter((folder) => existsSync(join(folder, SIDE_FILE)));
}

function fileProblems(path: string, schema: typeof Snapshot | typeof SideSnapshot, expected: { target: string; canary: string } | null): ConfigProblem[] {
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return [fileProblem(file, `cannot read snapshot: ${error instanceof Error ? error.message : String(error)}`)];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [jsonProblem(file, text, error)];
  }
  const parsed = schema.safeParse(json);
  const { source } = parseYamlSource(file, text);
  if (!parsed.success) return issuesToProblems(source, parsed.error.issues).map((p) => ({ ...p, message: `invalid snapshot: ${p.message}` }));
  if (expected && 'canary' in parsed.data) {
    const held = parsed.data;
    if (held.target !== expected.target) return [problemAt(source, ['target'], `holds ${held.target}, expected ${expected.target} (from its folder)`)];
    if (held.canary !== expected.canary) return [problemAt(source, ['canary'], `holds ${held.canary}, expected ${expected.canary} (from its file name)`)];
  }
  return [];
}

/** JSON.parse reports a character offset; people want a line and column. */
function jsonProblem(file: string, text: string, error: unknown): ConfigProblem {
  const message = error instanceof Error ? error.message : String(error);
  const at = jsonErrorOffset(text) ?? text.length;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { file, line, column, path: '', message: `not valid JSON: ${message.replace(/,? ".*" is not valid JSON$| in JSON at position \d+.*$/s, '')}` };
}
