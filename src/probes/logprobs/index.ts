import { createLogprobsProbe } from './create.js';

/** Log Probability Tracking with the defaults of docs/statistics.md#logprob-tracking (b = 9,999 permutations). */
export const logprobs = createLogprobsProbe();
