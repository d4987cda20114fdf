/** zod schemas of the statistical state probes carry between cycles (read back from the state store). */
import { z } from 'zod';

/** An A/A result (see aa-check.ts). */
export const AaResultRecord = z.object({
  falseAlarmRate: z.number(),
  windows: z.number().int(),
  alarms: z.number().int(),
  alpha: z.number(),
});

/** A cached A/A result for one pool (see aa-check.ts `AaCache`). */
export const AaCacheRecord = z.object({ poolKey: z.string(), result: AaResultRecord.nullable() });

/** An e-detector's carried value (see e-detector.ts). */
export const EDetectorRecord = z.object({ m: z.number(), cycles: z.number().int(), lastE: z.number() });

/** Summary fields every statistical probe stores when its pool allows an A/A replay. */
export const AaSummaryFields = {
  /** Share of disjoint pool windows on which the probe's own test alarmed (A/A false-alarm rate). */
  aaFalseAlarmRate: z.number().optional(),
  /** Number of windows replayed for `aaFalseAlarmRate`. */
  aaWindows: z.number().int().optional(),
};
