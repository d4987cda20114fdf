import { z } from 'zod';

/**
 * Which alerts a route, silence or maintenance window applies to. Every listed field must match;
 * an absent field matches everything. `kinds` and `targets` accept `*` globs (`shape.*`, `openai/*`).
 */
export const Match = z.strictObject({
  kinds: z.array(z.string().min(1)).optional(),
  providers: z.array(z.string().min(1)).optional(),
  targets: z.array(z.string().min(1)).optional(),
  canaries: z.array(z.string().min(1)).optional(),
});
export type Match = z.infer<typeof Match>;

/** The keys every channel has, spread into each channel's schema. */
export const ChannelBase = {
  /** Name used by `alerts test --channel`, the outbox and routing; defaults to the type. */
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
  minSeverity: z.enum(['info', 'warning', 'critical']).default('warning'),
  match: Match.optional(),
};
