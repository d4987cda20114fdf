/**
 * Adjustments of the JSON Schema that z.toJSONSchema generates, for what the loader does before
 * validation and the zod schemas cannot say: `${VAR}` interpolation of any scalar, and secrets
 * read from their `*File` twin.
 */

type Node = Record<string, unknown>;

/** A YAML scalar holding a `${VAR}`, `${VAR:-default}` or `${VAR:?message}`: its value is known only after interpolation. */
export const INTERPOLATED_STRING = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(:[-?][^}]*)?\\}',
  description: 'A value from the environment: ${VAR}, ${VAR:-default} or ${VAR:?message}, interpolated before validation.',
} as const;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A leaf whose plain string form would not pass as written: a number, boolean, enum or constrained string. */
function isConstrainedScalar(node: Node): boolean {
  if (node.const !== undefined) return false; // a discriminator (`type: slack`) is never interpolated
  if (Array.isArray(node.enum)) return true;
  if (node.type === 'number' || node.type === 'integer' || node.type === 'boolean') return true;
  return node.type === 'string' && ['pattern', 'format', 'minLength', 'maxLength'].some((k) => node[k] !== undefined);
}

/**
 * Every scalar that an interpolated string can stand for also accepts `${...}` (the shipped
 * example's `${LOCAL_LLM_URL:-http://…}`, `timeout: ${TIMEOUT:-30000}`), so editors do not flag
 * what the loader accepts. The description stays on the alternative's wrapper, for hover.
 */
export function acceptInterpolation(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(acceptInterpolation);
  if (!isNode(node)) return node;
  if (isConstrainedScalar(node)) {
    const { description, default: dflt, ...rest } = node;
    return { ...(description === undefined ? {} : { description }), ...(dflt === undefined ? {} : { default: dflt }), anyOf: [rest, INTERPOLATED_STRING] };
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'properties' || k === '$defs' ? mapValues(v) : acceptInterpolation(v)]));
}

function mapValues(value: unknown): unknown {
  return isNode(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acceptInterpolation(v)])) : value;
}

/**
 * An object requiring a secret field `X` that has an `XFile` twin requires one of the two instead
 * (the loader fills `X` from the file before validation).
 */
export function acceptSecretFiles(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(acceptSecretFiles);
  if (!isNode(node)) return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'properties' ? mapSecretFiles(v) : acceptSecretFiles(v)]));
  const props = isNode(out.properties) ? out.properties : {};
  const required = Array.isArray(out.required) ? out.required.filter((r): r is string => typeof r === 'string') : [];
  const twinned = required.filter((r) => Object.hasOwn(props, `${r}File`));
  if (twinned.length === 0) return out;
  return {
    ...out,
    required: required.filter((r) => !twinned.includes(r)),
    allOf: twinned.map((r) => ({ anyOf: [{ required: [r] }, { required: [`${r}File`] }] })),
  };
}

function mapSecretFiles(value: unknown): unknown {
  return isNode(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acceptSecretFiles(v)])) : value;
}
