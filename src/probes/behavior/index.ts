import { createBehaviorProbe } from './create.js';

/** S3/S4 output-distribution probe for providers without logprobs, with the e-detector layer. */
export const behavior = createBehaviorProbe();
