/** What every redacted value is replaced with, in text, URLs and logs. */
export const SECRET_PLACEHOLDER = '<secret>';

/** Secrets shorter than this are not replaced: they would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every occurrence of each secret (and its percent-encoded form) with `<secret>`, longest
 * first so that a secret containing another is replaced whole.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  let out = text;
  // `includes` first: a long text without the secret is not copied (a provider body can be 8 MiB).
  for (const s of [...forms].sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join(SECRET_PLACEHOLDER);
  return out;
}

/** Query parameters that carry credentials (Gemini's `?key=`, signed URLs). */
const SECRET_QUERY = /^(key|api[-_]?key|token|access[-_]?token|secret|password|sig|signature|code)$/i;

/**
 * A URL safe to print: the userinfo password and credential query parameters become `<secret>`.
 * Text that is not a URL is returned unchanged.
 */
export function redactUrl(url: string): string {
  // Userinfo runs to the last `@` before `?`/`#`: an unencoded `@` or `/` in a password is still hidden.
  const withoutPassword = url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/[^/@:?#]*):[^?#]*@/i,
    (_m, head: string) => `${head}:${SECRET_PLACEHOLDER}@`,
  );
  return withoutPassword.replace(/([?&])([^=&#]+)=([^&#]*)/g, (m, sep: string, name: string) =>
    SECRET_QUERY.test(decodeSafe(name)) ? `${sep}${name}=${SECRET_PLACEHOLDER}` : m,
  );
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Object keys whose values are credentials wherever they appear in a logged object. */
const SECRET_KEYS = ['apiKey', 'api_key', 'token', 'accessToken', 'password', 'secret', 'routingKey'];
/** Header names (lowercased, as undici and node give them) whose values are credentials. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie'];
/** Where headers sit in logged objects: `headers`, `req.headers`, `request.headers`, `res.headers`. */
const HEADER_PARENTS = ['headers', '*.headers', '*.*.headers'];

function member(parent: string, key: string): string {
  const access = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
  return parent ? `${parent}${access}` : access.replace(/^\./, '');
}

/**
 * Paths for pino's `redact` option: credential keys at the top level and up to three levels deep
 * (`apiKey`, `*.apiKey`, `*.*.apiKey`, `*.*.*.apiKey`), and credential headers under any `headers`
 * object up to two levels deep (`headers.authorization`, `req.headers.authorization`, ...).
 */
export const pinoRedactPaths: readonly string[] = Object.freeze([
  ...SECRET_KEYS.flatMap((k) => ['', '*', '*.*', '*.*.*'].map((p) => member(p, k))),
  ...HEADER_PARENTS.flatMap((parent) => SECRET_HEADERS.map((h) => member(parent, h))),
]);

/** The forms a secret takes in JSON text: as is, and escaped inside a JSON string (a `"` or `\` in it). */
export function jsonForms(secrets: readonly string[]): string[] {
  return [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
}

/**
 * A copy of a JSON-like value with every secret replaced by `<secret>` in every string, object keys
 * included. Walked with an explicit stack, not recursion, so a deeply nested value is safe; values
 * without strings are shared, not copied.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (!secrets.some((s) => s.length >= MIN_SECRET_LENGTH)) return value;
  const root: { value: unknown } = { value: undefined };
  const stack: { value: unknown; assign: (v: unknown) => void }[] = [{ value, assign: (v) => (root.value = v) }];
  for (let job = stack.pop(); job; job = stack.pop()) {
    const { value: v, assign } = job;
    if (typeof v === 'string') assign(redactSecrets(v, secrets));
    else if (Array.isArray(v)) {
      const copy: unknown[] = new Array<unknown>(v.length);
      assign(copy);
      v.forEach((element: unknown, i) => stack.push({ value: element, assign: (c) => (copy[i] = c) }));
    } else if (typeof v === 'object' && v !== null) {
      const copy: Record<string, unknown> = {};
      assign(copy);
      for (const [k, member] of Object.entries(v)) {
        const key = redactSecrets(k, secrets);
        stack.push({ value: member, assign: (c) => Object.defineProperty(copy, key, { value: c, enumerable: true, writable: true, configurable: true }) });
      }
    } else assign(v);
  }
  return root.value as T;
}
