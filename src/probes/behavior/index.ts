import { createBehaviorProbe } from './create.js';

/** Output-distribution probe (docs/statistics.md#border-inputs, #output-distribution) for providers without logprobs, with the e-detector layer. */
export const behavior = createBehaviorProbe();
