/**
 * What a response says about the settings it was produced with and the account it was billed to:
 * echoed effective settings (the Responses API repeats `temperature`, `top_p`, `reasoning.effort`,
 * `text.verbosity`, `truncation`, `service_tier` ... with the provider's defaults filled in) and
 * account facts (organization and project headers, Anthropic's `usage.inference_geo`). The identity
 * probe compares both exactly.
 */
import type { EchoValue } from '../../domain/observation.js';
import { MAX_FIELD_CHARS } from './bound.js';
import { at, isRecord } from './json.js';

/** Response headers naming the account a request was served under (ids, not credentials). */
export const ACCOUNT_HEADERS = ['openai-organization', 'openai-project', 'anthropic-organization-id'] as const;

/** Account values are ids: a value outside this alphabet (or shaped like a key) is not kept anywhere. */
const ID_LIKE = /^[A-Za-z0-9_.:/ -]{1,128}$/;
const KEY_LIKE = /\b(sk-[A-Za-z0-9_*-]{6,}|AIza[A-Za-z0-9_-]{10,})/;

const keysOf = (path: string): string[] => path.replace(/^\$\.?/, '').split('.');

/** A scalar at a `$.a.b` path, or undefined when absent or not a scalar (objects are not settings). */
function scalarAt(json: unknown, path: string): EchoValue | undefined {
  const value = at(json, ...keysOf(path));
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.slice(0, MAX_FIELD_CHARS);
  // `tool_choice` may be an object; its `type` is the setting.
  if (isRecord(value) && typeof value['type'] === 'string') return value['type'].slice(0, MAX_FIELD_CHARS);
  return undefined;
}

/** The echoed settings present in a body, by path. */
export function echoedSettings(json: unknown, paths: readonly string[]): Record<string, EchoValue> {
  const out: Record<string, EchoValue> = {};
  for (const path of paths) {
    const value = scalarAt(json, path);
    if (value !== undefined) out[path] = value;
  }
  return out;
}

const idLike = (value: string): boolean => ID_LIKE.test(value) && !KEY_LIKE.test(value);

/** Account facts: the account headers and the body's account paths, by header name or path. */
export function accountFacts(headers: Readonly<Record<string, string>>, json: unknown, paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ACCOUNT_HEADERS) {
    const value = headers[name]?.trim();
    if (value !== undefined && idLike(value)) out[name] = value;
  }
  for (const path of paths) {
    const value = scalarAt(json, path);
    if (typeof value === 'string' && idLike(value)) out[path] = value;
  }
  return out;
}
