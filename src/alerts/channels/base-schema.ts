import { z } from 'zod';

/**
 * Which alerts a route, silence or maintenance window applies to. Every listed field must match;
 * an absent field matches everything. `kinds` and `targets` accept `*` globs (`shape.*`, `openai/*`).
 */
export const Match = z
  .strictObject({
    kinds: z.array(z.string().min(1)).optional().describe('Finding kinds, `*` globs allowed (e.g. shape.*, deprecation.*).'),
    providers: z.array(z.string().min(1)).optional().describe('Provider names from `providers`.'),
    targets: z.array(z.string().min(1)).optional().describe('provider/model targets, `*` globs allowed (e.g. openai/*).'),
    canaries: z.array(z.string().min(1)).optional().describe('Canary ids.'),
  })
  .describe('Which alerts this applies to: every listed field must match; an absent field matches everything.');
export type Match = z.infer<typeof Match>;

/** The keys every channel has, spread into each channel's schema. */
export const ChannelBase = {
  /** Name used by `alerts test --channel`, the outbox and routing; defaults to the type. */
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional().describe('Name used by `alerts test --channel`, the outbox and routing; defaults to the type.'),
  minSeverity: z.enum(['info', 'warning', 'critical']).default('warning').describe('Lowest severity sent to this channel: info, warning or critical.'),
  match: Match.optional(),
};

/**
 * The `*File` twin of a secret field (`tokenFile` for `token`): a file holding the secret, relative
 * to tripline.yaml, surrounding whitespace trimmed (systemd `LoadCredential=`, a Kubernetes Secret
 * mount). The config loader sets the secret field from it (src/config/secret-files.ts).
 */
export function secretFile(field: string) {
  return z
    .string()
    .min(1)
    .optional()
    .describe(`Read \`${field}\` from this file instead (e.g. $\{CREDENTIALS_DIRECTORY}/name with systemd LoadCredential=, or a Kubernetes Secret mount); relative to tripline.yaml, whitespace trimmed. Set ${field} or ${field}File, not both.`);
}
