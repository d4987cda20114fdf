import { z } from 'zod';

/** The `stream` section of a snapshot: the contract of the baseline's streamed answers. */
export const StreamSummary = z.object({
  /** Streamed answers summarized (client-capped ones are left out: they are cut on purpose). */
  streams: z.number().int().nonnegative(),
  /** Distinct event sequences (`message_start > content_block_start > ...`), sorted, at most 32. */
  sequences: z.array(z.string()),
  /** Every baseline stream carried a usage report. */
  usageAlways: z.boolean(),
  /** Every baseline stream ended with the format's end marker. */
  terminatorAlways: z.boolean(),
  /** Every baseline stream carried keep-alives (comment lines or pings). */
  keepAliveAlways: z.boolean(),
});
export type StreamSummary = z.infer<typeof StreamSummary>;
