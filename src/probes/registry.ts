import type { ProbeId } from '../config/canary-schema.js';
import { assertions } from './assertions/index.js';
import { behavior } from './behavior/index.js';
import { cache } from './cache/index.js';
import { calibration } from './calibration/index.js';
import { identity } from './identity/index.js';
import { latency } from './latency/index.js';
import { length } from './length/index.js';
import { logprobs } from './logprobs/index.js';
import { ratelimit } from './ratelimit/index.js';
import { reproducibility } from './reproducibility/index.js';
import { shape } from './shape/index.js';
import { stream } from './stream/index.js';
import { tokens } from './tokens/index.js';
import type { Probe } from './types.js';

/**
 * Every probe, keyed by its id (= folder name = the name in a canary's `probes:` list).
 * This is the only registration point: to add a probe, create `src/probes/<id>/index.ts`
 * exporting one object that satisfies `Probe`, import it above, add ONE line below and run
 * `npm run schemas`, which carries the keys down to the config's `ProbeId` (src/config/plugin-ids.ts).
 * test/probes/registry.spec.ts checks that the keys equal the folders and each `id` its key; the
 * compiler checks that every `ProbeId` has exactly one entry (a line without the regenerated ids,
 * or an id without its line, does not compile).
 */
export const probes = {
  shape,
  identity,
  tokens,
  ratelimit,
  assertions,
  reproducibility,
  logprobs,
  calibration,
  length,
  behavior,
  stream,
  cache,
  latency,
} satisfies Record<ProbeId, Probe>;

/** The probe with this id, or undefined when the string names none (ids read from outside). */
export function getProbe(id: ProbeId | string): Probe | undefined {
  const all: Partial<Record<string, Probe>> = probes;
  return Object.hasOwn(all, id) ? all[id] : undefined;
}
