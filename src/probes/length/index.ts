import { createLengthProbe } from './create.js';

/** Output length / implicit cap probe (docs/statistics.md#verbosity, #implicit-cap). */
export const length = createLengthProbe();
