import type { HttpResult } from '../../http/types.js';
import { readBody } from './body.js';
import { boundField } from './bound.js';
import { at, isRecord } from './json.js';

export type SideFacts = Record<string, string | number | boolean | null>;

/** The JSON object of a 2xx side answer, or null for failures, errors and non-JSON. */
export function sideJson(result: HttpResult): Record<string, unknown> | null {
  if (result.kind !== 'response') return null;
  const { status, bodyText } = result.response;
  if (status < 200 || status >= 300) return null;
  const body = readBody(bodyText);
  return body.kind === 'json' && isRecord(body.json) ? body.json : null;
}

/** Picks named fields as flat comparable facts: numbers, strings and booleans kept, anything else null. */
export function pickFacts(json: unknown, fields: readonly string[]): SideFacts {
  const out: SideFacts = {};
  for (const field of fields) {
    const v = at(json, ...field.split('.'));
    out[field] = typeof v === 'boolean' || typeof v === 'number' ? v : typeof v === 'string' ? boundField(v) : null;
  }
  return out;
}
