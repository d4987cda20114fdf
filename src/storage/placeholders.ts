const cache = new Map<string, string>();
const MAX_CACHED = 1024;

/**
 * `?` placeholders as PostgreSQL's `$1, $2 ...`, leaving quoted text and identifiers alone.
 * Memoized: the same few statement texts are translated thousands of times.
 */
export function numberPlaceholders(sql: string): string {
  const known = cache.get(sql);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
    } else out += ch;
  }
  if (cache.size < MAX_CACHED) cache.set(sql, out);
  return out;
}
