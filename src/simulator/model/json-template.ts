import { lastUserText } from './prompt-kind.js';
import type { ModelRequest } from './types.js';

/** One output position of a JSON answer: a fixed token, a word, a digit or a boolean. */
export type JsonSlot = { fixed: string } | { words: boolean } | { digit: 'any' | 'nonzero' } | { boolean: true };

/** A JSON field type the model can fill. */
type FieldType = 'string' | 'integer' | 'number' | 'boolean';

const DEFAULT_FIELDS: [string, FieldType][] = [
  ['answer', 'string'],
  ['confidence', 'number'],
];

const cache = new Map<string, JsonSlot[]>();

/**
 * The keys the prompt names in double quotes, with an optional type hint right after them:
 * `"city" (string)`, `"population" (integer)`. Without named keys: answer (string), confidence (number).
 */
export function jsonFields(prompt: string): [string, FieldType][] {
  const fields = new Map<string, FieldType>();
  for (const m of prompt.matchAll(/"([A-Za-z_][A-Za-z0-9_]{0,39})"\s*(?:\((string|integer|number|boolean)\))?/g)) {
    const name = m[1];
    const type = m[2];
    if (name && !fields.has(name) && fields.size < 6) fields.set(name, type === 'integer' || type === 'number' || type === 'boolean' ? type : 'string');
  }
  return fields.size > 0 ? [...fields] : DEFAULT_FIELDS;
}

function valueSlots(type: FieldType): JsonSlot[] {
  switch (type) {
    case 'string':
      return [{ fixed: '"' }, { words: false }, { words: true }, { fixed: '"' }];
    case 'integer':
      return [{ digit: 'nonzero' }, { digit: 'any' }, { digit: 'any' }];
    case 'number':
      return [{ fixed: '0.' }, { digit: 'any' }, { digit: 'any' }];
    case 'boolean':
      return [{ boolean: true }];
  }
}

/** Pure: the slots of the JSON answer to this request (valid JSON when every slot is filled). */
export function jsonTemplate(req: Pick<ModelRequest, 'messages'>): JsonSlot[] {
  const prompt = lastUserText(req);
  const known = cache.get(prompt);
  if (known) return known;
  const slots: JsonSlot[] = [];
  jsonFields(prompt).forEach(([name, type], i) => {
    slots.push({ fixed: i === 0 ? '{"' : ', "' }, { fixed: name }, { fixed: '": ' }, ...valueSlots(type));
  });
  slots.push({ fixed: '}' });
  if (cache.size >= 256) cache.clear();
  cache.set(prompt, slots);
  return slots;
}
