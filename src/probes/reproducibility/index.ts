import { createReproducibilityProbe } from './create.js';

/** S5 seed / determinism probe. */
export const reproducibility = createReproducibilityProbe();
