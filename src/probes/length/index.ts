import { createLengthProbe } from './create.js';

/** S7b output length / implicit cap probe. */
export const length = createLengthProbe();
