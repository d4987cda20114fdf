import type { Json, JsonObject } from './types.js';

/** True for a JSON object (not an array, not null). */
export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of an array field (`choices`, `candidates`, `output`, ...), or none. */
export function objectsAt(body: Json, key: string): JsonObject[] {
  if (!isObject(body)) return [];
  const list = body[key];
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** The object under `key`, or null. */
export function objectAt(body: Json, key: string): JsonObject | null {
  if (!isObject(body)) return null;
  const value = body[key];
  return isObject(value) ? value : null;
}

/** Rename a field in place, keeping its position in key order. */
export function renameField(obj: JsonObject, from: string, to: string): void {
  if (!(from in obj)) return;
  const entries = Object.entries(obj).map(([k, v]): [string, Json] => [k === from ? to : k, v]);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k] = v;
}

/** A deep copy of a JSON value, so that hooks never alias the model's objects. */
export function cloneJson<T extends Json>(value: T): T {
  return structuredClone(value);
}
