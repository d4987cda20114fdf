import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ConfigProblem } from '../domain/errors.js';

/** A path into parsed YAML data: map keys and sequence indexes. */
export type DataPath = readonly (string | number)[];

/** One parsed YAML file with what is needed to point a human at a line and column. */
export interface YamlSource {
  /** The file name used in problems (as given, not resolved). */
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/** Line and column (both 1-based) of a position in a YAML source. */
export interface Position {
  line: number;
  column: number;
}

/** Parses YAML text; syntax errors (bad indentation, duplicate keys, tabs) become located problems. */
export function parseYamlSource(file: string, text: string): { source: YamlSource; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    // The parser reports nesting beyond its stack as a stack overflow: say what that means.
    const message = /call stack/i.test(e.message) ? 'nested too deeply' : e.message;
    return { file, line: pos.line, column: pos.col, path: '', message: `YAML: ${message}` };
  });
  return { source: { file, doc, lineCounter }, problems };
}

/** Dotted form of a data path, e.g. `providers.openai.apiKey`, `alerts.channels.0.token`. */
export function formatPath(path: DataPath): string {
  return path.map(String).join('.');
}

function offsetOf(node: Node | null | undefined): number | null {
  return node?.range ? node.range[0] : null;
}

/** The map pair whose key equals `key`, following YAML key scalars. */
function findPair(node: Node, key: string): { key: Node | null; value: Node | null } | null {
  if (!isMap(node)) return null;
  for (const item of node.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    const name = isScalar(k) ? String(k.value) : String(k);
    if (name === key) {
      return { key: isScalar(k) ? k : null, value: isNodeOrNull(item.value) };
    }
  }
  return null;
}

function isNodeOrNull(v: unknown): Node | null {
  return isScalar(v) || isMap(v) || isSeq(v) || isAlias(v) ? v : null;
}

/** Resolves `x: *anchor` so paths continue through aliases. */
function deref(source: YamlSource, node: Node | null): Node | null {
  if (node && isAlias(node)) return isNodeOrNull(node.resolve(source.doc));
  return node;
}

/**
 * Locates a data path in the document: the value node when present, else the key, else the deepest
 * existing ancestor (a missing required field points at its parent map). `atKey` points at the key of
 * the last segment instead of its value (unknown keys).
 */
export function locate(source: YamlSource, path: DataPath, atKey = false): Position {
  let node: Node | null = isNodeOrNull(source.doc.contents);
  let offset = offsetOf(node);
  for (let i = 0; i < path.length && node; i++) {
    const segment = path[i];
    node = deref(source, node);
    if (!node) break;
    let next: Node | null = null;
    let keyOffset: number | null = null;
    if (isSeq(node) && typeof segment === 'number') {
      next = isNodeOrNull(node.items[segment]);
    } else if (isMap(node)) {
      const pair = findPair(node, String(segment));
      if (!pair) break;
      next = pair.value;
      keyOffset = offsetOf(pair.key);
    } else {
      break;
    }
    const last = i === path.length - 1;
    const nextOffset = offsetOf(next);
    offset = last && atKey && keyOffset !== null ? keyOffset : (nextOffset ?? keyOffset ?? offset);
    if (next === null) break;
    node = next;
  }
  if (offset === null) return { line: 1, column: 1 };
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** A problem located at `path` in `source`. */
export function problemAt(source: YamlSource, path: DataPath, message: string, atKey = false): ConfigProblem {
  const pos = locate(source, path, atKey);
  return { file: source.file, line: pos.line, column: pos.column, path: formatPath(path), message };
}
