import type { Sighting } from './schema.js';

/** Adds sightings of values (with their sample timestamps) to a novelty set, returning a new set. */
export function observe(
  set: Readonly<Record<string, Sighting>>,
  values: readonly { value: string | null; at: string }[],
): Record<string, Sighting> {
  const out: Record<string, Sighting> = { ...set };
  for (const { value, at } of values) {
    if (value === null) continue;
    const seen = out[value];
    out[value] = seen
      ? { firstSeen: at < seen.firstSeen ? at : seen.firstSeen, lastSeen: at > seen.lastSeen ? at : seen.lastSeen }
      : { firstSeen: at, lastSeen: at };
  }
  return sortKeys(out);
}

/** Union of two novelty sets, keeping the widest first/last seen. */
export function mergeSets(a: Readonly<Record<string, Sighting>>, b: Readonly<Record<string, Sighting>>): Record<string, Sighting> {
  const values = Object.entries(b).flatMap(([value, s]) => [
    { value, at: s.firstSeen },
    { value, at: s.lastSeen },
  ]);
  return observe(a, values);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
