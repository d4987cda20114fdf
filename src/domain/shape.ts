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

function walk(value: unknown, path: string, out: Set<string>): void {
  out.add(`${path}: ${jsonType(value)}`);
  if (Array.isArray(value)) {
    // Element shapes merge under one `[]` segment: the array length is not structure.
    for (const element of value) walk(element, `${path}[]`, out);
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) walk(v, child(path, key), out);
  }
}

/**
 * Sorted unique `path: type` lines for a parsed JSON value, containers included
 * (`$: object`, `$.choices: array`, `$.choices[]: object`, `$.choices[].message.content: string`).
 */
export function shapeSignature(json: unknown): string[] {
  const out = new Set<string>();
  walk(json, '$', out);
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
    const strings = [...new Set(found.filter((v): v is string => typeof v === 'string'))].sort();
    if (strings.length > 0) out[path] = strings.join(',');
  }
  return out;
}
