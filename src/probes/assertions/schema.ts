import { z } from 'zod';

/** The `assertions` section of a snapshot: assertions need no baseline, only the rule count is kept. */
export const AssertionsSummary = z.object({
  /** Number of `assert` rules the canary had when the baseline was recorded. */
  rules: z.number().int().min(0),
});
export type AssertionsSummary = z.infer<typeof AssertionsSummary>;
