import type { z } from 'zod';
import type { ConfigProblem } from '../domain/errors.js';
import { problemAt } from './yaml-source.js';
import type { DataPath, YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/** zod issues as located problems: one per issue, unknown keys one per key, located at the key. */
export function issuesToProblems(source: YamlSource, issues: readonly Issue[]): ConfigProblem[] {
  return issues.flatMap((issue) => toProblems(source, issue, []));
}

function toProblems(source: YamlSource, issue: Issue, prefix: DataPath): ConfigProblem[] {
  const path: DataPath = [...prefix, ...issue.path.filter(isKey)];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => problemAt(source, [...path, key], 'unknown key', true));
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? issue.message;
      return [problemAt(source, path, `invalid key: ${inner}`, true)];
    }
    case 'invalid_union': {
      const branch = matchingBranch(issue.errors);
      if (branch) return branch.flatMap((inner) => toProblems(source, inner, path));
      return [problemAt(source, path, issue.message)];
    }
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) {
        return [problemAt(source, path, `required (${issue.expected})`)];
      }
      return [problemAt(source, path, issue.message)];
    default:
      return [problemAt(source, path, issue.message)];
  }
}

function isKey(segment: PropertyKey): segment is string | number {
  return typeof segment === 'string' || typeof segment === 'number';
}

/**
 * For a union like `string | {type, url}`, the issues of the one branch whose type matched the input,
 * so the user reads "url: Invalid URL" rather than "Invalid input". Null when no single branch fits.
 */
function matchingBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | null {
  const fitting = branches.filter(
    (issues) => !issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')),
  );
  return fitting.length === 1 && fitting[0] ? fitting[0] : null;
}
