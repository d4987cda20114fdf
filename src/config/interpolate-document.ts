import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { ConfigProblem } from '../domain/errors.js';
import { interpolate, resolvePlainScalar } from './interpolate.js';
import { problemAt } from './yaml-source.js';
import type { DataPath, YamlSource } from './yaml-source.js';

/** Where environment values ended up, so that secret fields can name the values they came from. */
export interface EnvUse {
  path: DataPath;
  values: string[];
}

/**
 * Interpolates every string scalar value in place (map keys are left as written) and reports
 * unset variables located at their scalar.
 */
export function interpolateDocument(
  source: YamlSource,
  env: NodeJS.ProcessEnv,
): { problems: ConfigProblem[]; envUses: EnvUse[] } {
  const problems: ConfigProblem[] = [];
  const envUses: EnvUse[] = [];
  const walk = (node: unknown, path: DataPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const r = interpolate(node.value, env);
      for (const message of r.errors) problems.push(problemAt(source, path, message));
      if (r.envValues.length > 0) envUses.push({ path, values: r.envValues });
      if (r.errors.length > 0) {
        // No value rather than the raw `${...}` text, so later checks do not report it a second time.
        node.value = null;
      } else if (r.changed) {
        node.value = node.type === Scalar.PLAIN ? resolvePlainScalar(r.value) : r.value;
      }
    }
  };
  walk(source.doc.contents, []);
  return { problems, envUses };
}
