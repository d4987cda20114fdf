import { createReproducibilityProbe } from './create.js';

/** Seed / determinism probe (docs/statistics.md#reproducibility). */
export const reproducibility = createReproducibilityProbe();
