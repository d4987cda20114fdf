import type { SuccessObservation } from '../../domain/observation.js';
import { intersectAll, sortedUnique } from '../accept-hint.js';
import type { ShapeSummary } from './schema.js';

/** Splits a signature line `$.a.b: string` into path and type (types never contain ': '). */
export function splitLine(line: string): { path: string; type: string } {
  const at = line.lastIndexOf(': ');
  return at < 0 ? { path: line, type: 'unknown' } : { path: line.slice(0, at), type: line.slice(at + 2) };
}

/** Types seen per path in a set of signature lines. */
export function typesByPath(lines: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of lines) {
    const { path, type } = splitLine(line);
    const types = out.get(path) ?? new Set<string>();
    types.add(type);
    out.set(path, types);
  }
  return out;
}

/** `$.a.b` → `$.a`; `$.choices[]` → `$.choices`; `$` → `$`. */
export function parentOf(path: string): string {
  if (path.endsWith('[]')) return path.slice(0, -2);
  const m = /^(.*?)(?:\.[^.[\]]+|\["(?:[^"\\]|\\.)*"\])$/.exec(path);
  return m?.[1] ?? '$';
}

/** True when `ancestor` is a strict prefix path of `path`. */
export function isAncestor(ancestor: string, path: string): boolean {
  return path.length > ancestor.length && path.startsWith(ancestor) && /^[.[]/.test(path.slice(ancestor.length));
}

/** Keeps only the topmost paths: a removed object reports once, not once per child. */
export function topmost(paths: readonly string[], covered: readonly string[] = []): string[] {
  const all = [...paths, ...covered];
  return paths.filter((p) => !all.some((other) => isAncestor(other, p)));
}

/** The shape summary of a set of successful observations. */
export function summarizeShape(samples: readonly SuccessObservation[]): ShapeSummary {
  const enums = new Map<string, Set<string>>();
  for (const s of samples) {
    for (const [path, joined] of Object.entries(s.enums)) {
      const values = enums.get(path) ?? new Set<string>();
      for (const v of joined.split(',')) values.add(v);
      enums.set(path, values);
    }
  }
  return {
    lines: sortedUnique(samples.flatMap((s) => s.shape)),
    requiredPaths: intersectAll(samples.map((s) => sortedUnique(s.shape.map((l) => splitLine(l).path)))),
    headers: sortedUnique(samples.flatMap((s) => s.headerNames)),
    requiredHeaders: intersectAll(samples.map((s) => s.headerNames)),
    enums: Object.fromEntries([...enums.keys()].sort().map((p) => [p, sortedUnique(enums.get(p) ?? [])])),
    schemaIssues: sortedUnique(samples.flatMap((s) => s.schemaIssues)),
  };
}

/** Pool growth: unions grow, "required" sets shrink to what both pools always had. */
export function mergeShape(a: ShapeSummary, b: ShapeSummary): ShapeSummary {
  const enumPaths = sortedUnique([...Object.keys(a.enums), ...Object.keys(b.enums)]);
  return {
    lines: sortedUnique([...a.lines, ...b.lines]),
    requiredPaths: intersectAll([a.requiredPaths, b.requiredPaths]),
    headers: sortedUnique([...a.headers, ...b.headers]),
    requiredHeaders: intersectAll([a.requiredHeaders, b.requiredHeaders]),
    enums: Object.fromEntries(enumPaths.map((p) => [p, sortedUnique([...(a.enums[p] ?? []), ...(b.enums[p] ?? [])])])),
    schemaIssues: sortedUnique([...a.schemaIssues, ...b.schemaIssues]),
  };
}
