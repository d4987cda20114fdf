/** Reading a response body as JSON, telling a cut-off body from one that was never JSON. */
export type BodyRead =
  | { kind: 'json'; json: unknown }
  | { kind: 'empty' }
  | { kind: 'truncated' }
  | { kind: 'too_deep' }
  | { kind: 'non_json' };

/**
 * Deepest nesting of objects and arrays tripline reads. Real provider bodies are under 10 deep;
 * the limit keeps every later walk (shape, canonical JSON, redaction) cheap and the stack safe.
 */
export const MAX_JSON_DEPTH = 256;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * One pass over JSON-looking text, without recursion: the deepest bracket nesting outside strings
 * (stopping early once past `stopAbove`), and whether brackets or a string are still open at the end.
 */
function scan(text: string, stopAbove = Number.POSITIVE_INFINITY): { maxDepth: number; open: boolean } {
  let depth = 0;
  let maxDepth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) maxDepth = depth;
      if (maxDepth > stopAbove) return { maxDepth, open: true };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth -= 1;
  }
  return { maxDepth, open: inString || depth > 0 };
}

/** True when JSON text nests objects and arrays deeper than `max`; checked before parsing. */
export function tooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  return scan(text, max).maxDepth > max;
}

/** True when a JSON-looking text ends with brackets or a string still open. */
export function looksTruncated(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  return scan(t).open;
}

export function readBody(text: string): BodyRead {
  if (text.trim() === '') return { kind: 'empty' };
  if (tooDeep(text)) return { kind: 'too_deep' };
  try {
    return { kind: 'json', json: JSON.parse(text) };
  } catch {
    return looksTruncated(text) ? { kind: 'truncated' } : { kind: 'non_json' };
  }
}
