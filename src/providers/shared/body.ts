/** Reading a response body as JSON, telling a cut-off body from one that was never JSON. */
export type BodyRead =
  | { kind: 'json'; json: unknown }
  | { kind: 'empty' }
  | { kind: 'truncated' }
  | { kind: 'non_json' };

/** True when a JSON-looking text ends with brackets or a string still open. */
export function looksTruncated(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const ch of t) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') depth -= 1;
  }
  return inString || depth > 0;
}

export function readBody(text: string): BodyRead {
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', json: JSON.parse(text) };
  } catch {
    return looksTruncated(text) ? { kind: 'truncated' } : { kind: 'non_json' };
  }
}
