import { createLogprobsProbe } from './create.js';

/** S2 Log Probability Tracking with the PROBES.md defaults (b = 9,999 permutations). */
export const logprobs = createLogprobsProbe();
