import { z } from 'zod';

/**
 * The `shape` section of a snapshot: the response envelope's structure over the baseline pool.
 * "Required" sets hold what was present in every sample; removals are judged only against those,
 * so fields that are legitimately sometimes absent (refusal, logprobs) never raise a removal.
 */
export const ShapeSummary = z.object({
  /** Union of the `path: type` signature lines over all samples, sorted. */
  lines: z.array(z.string()),
  /** JSON paths present (with any type) in every sample, sorted. */
  requiredPaths: z.array(z.string()),
  /** Union of response header names, sorted. */
  headers: z.array(z.string()),
  /** Header names present in every sample, sorted. */
  requiredHeaders: z.array(z.string()),
  /** Values seen for enum-like fields (finish_reason, service_tier ...), by signature path. */
  enums: z.record(z.string(), z.array(z.string())),
  /** Union of the adapter's schema issues ("path: message"), sorted; usually empty. */
  schemaIssues: z.array(z.string()),
});
export type ShapeSummary = z.infer<typeof ShapeSummary>;
