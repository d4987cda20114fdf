import { z } from 'zod';
import { AaCacheRecord, AaSummaryFields } from '../../stats/schemas.js';

/** The calibration probe's section of a snapshot: descriptive calibration of the pool. */
export const CalibrationSummary = z.object({
  /** Items with a known answer and a readable confidence. */
  items: z.number().int(),
  /** Fewest baseline runs of any item (docs/statistics.md#baseline-pool asks for ≥ 5). */
  minRunsPerItem: z.number().int(),
  /** Share of answers whose most probable letter is the known answer. */
  accuracy: z.number().nullable(),
  /** Expected calibration error, 10 equal-mass bins (descriptive). */
  ece: z.number().nullable(),
  /** Multi-class Brier score (descriptive). */
  brier: z.number().nullable(),
  ...AaSummaryFields,
});
export type CalibrationSummary = z.infer<typeof CalibrationSummary>;

/** Carried between cycles: the cached A/A replay of the current pool, and the items that moved last cycle (sent first). */
export const CalibrationState = z.object({
  aa: AaCacheRecord.optional(),
  suspects: z.array(z.string()).optional(),
  /** How the last cycle that fired read its moved items: a few items (partial traffic) or all. */
  partial: z.boolean().optional(),
});
export type CalibrationState = z.infer<typeof CalibrationState>;
