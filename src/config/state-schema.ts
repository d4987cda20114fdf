import { z } from 'zod';

/**
 * Where the state lives. SQLite in `stateDir` is the embedded default; PostgreSQL lets several
 * `tripline start` replicas share one state (high availability, docs/storage.md).
 */
export const StateConfig = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('sqlite').describe('SQLite file tripline.db in stateDir.') }),
    z.strictObject({
      type: z.literal('postgres').describe('PostgreSQL, shared by HA replicas.'),
      /** libpq URL, `postgres://user:password@host:5432/db`; or `urlFile` (read relative to tripline.yaml). */
      url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL').optional().describe('libpq URL postgres://user:password@host:5432/db; usually ${ENV_VAR}. Or urlFile.'),
      urlFile: z.string().min(1).optional().describe('Read url from this file instead; relative to tripline.yaml, whitespace trimmed.'),
    }),
  ])
  .refine((s) => s.type !== 'postgres' || s.url !== undefined, { message: 'state.type postgres needs url or urlFile', path: ['url'] })
  .default({ type: 'sqlite' });
export type StateConfig = z.infer<typeof StateConfig>;

/** High availability: replicas on one PostgreSQL elect a leader; the others stand by. */
export const HaConfig = z
  .strictObject({
    /** How soon a standby takes over after the leader died (seconds), also how often the lease is renewed (a third of it). */
    failoverSeconds: z.number().int().min(3).max(600).default(30).describe('Seconds before a standby takes over after the leader died (3-600); the lease is renewed every third of it.'),
  })
  .default({ failoverSeconds: 30 });
export type HaConfig = z.infer<typeof HaConfig>;
