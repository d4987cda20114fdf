import { z } from 'zod';

/**
 * Where the state lives. SQLite in `stateDir` is the embedded default; PostgreSQL lets several
 * `tripline start` replicas share one state (high availability, docs/storage.md).
 */
export const StateConfig = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('sqlite') }),
    z.strictObject({
      type: z.literal('postgres'),
      /** libpq URL, `postgres://user:password@host:5432/db`; or `urlFile` (read relative to tripline.yaml). */
      url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional(),
      urlFile: z.string().min(1).optional(),
    }),
  ])
  .refine((s) => s.type !== 'postgres' || s.url !== undefined, { message: 'state.type postgres needs url or urlFile', path: ['url'] })
  .default({ type: 'sqlite' });
export type StateConfig = z.infer<typeof StateConfig>;

/** High availability: replicas on one PostgreSQL elect a leader; the others stand by. */
export const HaConfig = z
  .strictObject({
    /** How soon a standby takes over after the leader died (seconds), also how often the lease is renewed (a third of it). */
    failoverSeconds: z.number().int().min(3).max(600).default(30),
  })
  .default({ failoverSeconds: 30 });
export type HaConfig = z.infer<typeof HaConfig>;
