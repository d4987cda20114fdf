/**
 * Structural signatures of JSON bodies: every path with its type, so that a removed field, an added
 * field or a changed type shows up as a line diff. Values are never part of the signature.
 */

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `$.a.b` for identifier keys, `$["odd key"]` otherwise. */
function child(path: string, key: string): string {
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Distinct signature lines kept per body: real responses have 20-80; the rest of a hostile one is cut. */
export const MAX_SHAPE_PATHS = 1000;
/** Characters of a path kept in a signature line; a longer path (absurd keys or nesting) is cut here. */
export const MAX_PATH_CHARS = 512;
/** Values visited per body (real ones: a few thousand with logprobs); the walk stops past it. */
export const MAX_SHAPE_NODES = 200_000;
/** The line that stands for every path past `MAX_SHAPE_PATHS`. */
export const SHAPE_CUT_LINE = '$…: more paths than tripline keeps';

/**
 * Sorted unique `path: type` lines for a parsed JSON value, containers included
 * (`$: object`, `$.choices: array`, `$.choices[]: object`, `$.choices[].message.content: string`).
 * Walked breadth-first with an explicit queue (no recursion, top-level structure first); at most
 * `MAX_SHAPE_PATHS` lines of at most `MAX_PATH_CHARS` path characters from at most `MAX_SHAPE_NODES`
 * values, so a signature stays small and quick whatever the body.
 */
export function shapeSignature(json: unknown): string[] {
  const out = new Set<string>();
  const queue: [unknown, string][] = [[json, '$']];
  for (let head = 0; head < queue.length; head++) {
    const [value, path] = queue[head]!;
    queue[head] = [null, '']; // let the walked part be collected
    out.add(`${path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS)}…` : path}: ${jsonType(value)}`);
    if (out.size >= MAX_SHAPE_PATHS || head >= MAX_SHAPE_NODES) {
      out.add(SHAPE_CUT_LINE);
      break;
    }
    // A path already past the cap adds no new lines below it but its own: stop descending.
    if (path.length > MAX_PATH_CHARS) continue;
    if (Array.isArray(value)) {
      // Element shapes merge under one `[]` segment: the array length is not structure.
      for (const element of value) queue.push([element, `${path}[]`]);
    } else if (isRecord(value)) {
      for (const [key, v] of Object.entries(value)) queue.push([v, child(path, key)]);
    }
  }
  return [...out].sort();
}

/** Splits `$.choices[].finish_reason` into `['choices', '[]', 'finish_reason']`. */
function segments(path: string): string[] {
  const rest = path.startsWith('$') ? path.slice(1) : path;
  const out: string[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$-]*)|\[\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of rest.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(String(JSON.parse(m[2])));
    else out.push('[]');
  }
  return out;
}

/** Characters kept of an enum value, and distinct values kept per path. */
const MAX_ENUM_CHARS = 128;
const MAX_ENUM_VALUES = 16;

function collect(value: unknown, segs: string[], out: unknown[]): void {
  const [head, ...tail] = segs;
  if (head === undefined) {
    out.push(value);
    return;
  }
  if (head === '[]') {
    if (Array.isArray(value)) for (const element of value) collect(element, tail, out);
  } else if (isRecord(value) && head in value) {
    collect(value[head], tail, out);
  }
}

/**
 * Values of enum-like fields (finish_reason, stop_reason, finishReason, service_tier, object, type)
 * at the given signature paths. Only string values count; several distinct values (one per
 * choice) are sorted and joined with ','. Paths with no string value are left out.
 */
export function enumValues(json: unknown, paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const found: unknown[] = [];
    collect(json, segments(path), found);
    // Enum values are short words; a hostile body's long or countless ones are cut, never stored whole.
    const strings = [...new Set(found.filter((v): v is string => typeof v === 'string').map((v) => v.slice(0, MAX_ENUM_CHARS)))]
      .sort()
      .slice(0, MAX_ENUM_VALUES);
    if (strings.length > 0) out[path] = strings.join(',');
  }
  return out;
}
