import { z } from 'zod';

/** The scales a rate-limit window is compared at (docs/statistics.md#rate-limit-windows). */
export const WINDOW_SCALES = ['ms', 's', 'min', 'h', 'day'] as const;
export const WindowScale = z.enum(WINDOW_SCALES);
export type WindowScale = z.infer<typeof WindowScale>;

/** What the reset headers say about one limit's window: an interval of lengths and the scales it touches. */
export const WindowRange = z.object({
  loMs: z.number(),
  hiMs: z.number(),
  scales: z.array(WindowScale),
});
export type WindowRange = z.infer<typeof WindowRange>;

/** The `ratelimit` section of a snapshot: limit values and which rate-limit headers exist. */
export const RatelimitSummary = z.object({
  /** Distinct values of each rate-limit *limit* header (remaining/reset are never compared). */
  limits: z.record(z.string(), z.array(z.string())),
  /** Rate-limit header names (limit, remaining, reset) present in every sample, sorted. */
  requiredNames: z.array(z.string()),
  /** Union of rate-limit header names, sorted. */
  names: z.array(z.string()),
  /**
   * Each limit's window, by limit header name: null when the samples disagreed (not compared).
   * Absent in snapshots recorded before windows were read: then no window is compared.
   */
  windows: z.record(z.string(), WindowRange.nullable()).optional(),
});
export type RatelimitSummary = z.infer<typeof RatelimitSummary>;
