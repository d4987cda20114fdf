/**
 * `${VAR}` interpolation (CONVENTIONS 4.1.2): only the braced form, plus `${VAR:-default}` (default when
 * unset or empty), `${VAR:?message}` (error when unset or empty) and `$${` for a literal `${`.
 * A bare `$NAME` is left alone: expanding it corrupts passwords that contain `$`.
 */

/** The outcome of interpolating one string. */
export interface Interpolation {
  value: string;
  /** Whether any `${...}` or `$${` was replaced. */
  changed: boolean;
  /** Values taken from the environment (not defaults), for secret redaction. */
  envValues: string[];
  /** Human messages for unset variables and malformed expressions. */
  errors: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Interpolates one string against `env`; never throws. */
export function interpolate(text: string, env: NodeJS.ProcessEnv): Interpolation {
  const out: string[] = [];
  const envValues: string[] = [];
  const errors: string[] = [];
  let changed = false;
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      out.push(text.slice(i));
      break;
    }
    out.push(text.slice(i, dollar));
    if (text.startsWith('$${', dollar)) {
      out.push('${');
      changed = true;
      i = dollar + 3;
      continue;
    }
    if (text[dollar + 1] !== '{') {
      out.push('$');
      i = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close === -1) {
      errors.push(`unterminated "\${" (write "$\${" for a literal "\${")`);
      out.push(text.slice(dollar));
      break;
    }
    changed = true;
    const expr = text.slice(dollar + 2, close);
    i = close + 1;
    const r = expand(expr, env);
    if ('error' in r) {
      errors.push(r.error);
      continue;
    }
    if (r.fromEnv) envValues.push(r.value);
    out.push(r.value);
  }
  return { value: out.join(''), changed, envValues, errors };
}

function expand(expr: string, env: NodeJS.ProcessEnv): { value: string; fromEnv: boolean } | { error: string } {
  const op = /:[-?]/.exec(expr);
  const name = op ? expr.slice(0, op.index) : expr;
  if (!NAME.test(name)) {
    return { error: `invalid expression "\${${expr}}": expected \${NAME}, \${NAME:-default} or \${NAME:?message}` };
  }
  const value = env[name];
  const present = value !== undefined && value !== '';
  if (!op) {
    if (value === undefined) return { error: `environment variable ${name} is not set` };
    return { value, fromEnv: true };
  }
  const rest = expr.slice(op.index + 2);
  if (present) return { value, fromEnv: true };
  if (op[0] === ':-') return { value: rest, fromEnv: false };
  return { error: rest ? `${name}: ${rest}` : `environment variable ${name} is not set or empty` };
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BOOL = /^(true|True|TRUE|false|False|FALSE)$/;
const NULL = /^(~|null|Null|NULL)$/;

/**
 * The YAML 1.2 core type of an interpolated plain (unquoted) scalar, so that `timeout: ${TIMEOUT}`
 * gives a number as `timeout: 5000` would. Quoted scalars stay strings.
 */
export function resolvePlainScalar(value: string): string | number | boolean | null {
  if (INT.test(value) || FLOAT.test(value)) return Number(value);
  if (BOOL.test(value)) return value.toLowerCase() === 'true';
  if (NULL.test(value)) return null;
  return value;
}
