import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Canary } from '../../src/config/canary-schema.js';
import { cronRunsPerDay } from '../../src/domain/cron.js';

/** A canary of the repository's `canaries/` folder, by its id (the file name without `.yaml`), as the loader validates it. */
export function shippedCanary(id: string): Canary {
  return Canary.parse(parse(readFileSync(new URL(`../../canaries/${id}.yaml`, import.meta.url), 'utf8')));
}

/** How often a shipped canary runs a day, on its own schedule (specs pin a schedule by this, not by restating it). */
export function shippedRunsPerDay(id: string): number {
  const { schedule } = shippedCanary(id);
  if (schedule === undefined) throw new Error(`canaries/${id}.yaml has no schedule of its own`);
  return cronRunsPerDay(schedule);
}
