import { z } from 'zod';
import { ChannelBase } from '../base-schema.js';

/** `type: console` — readable blocks on stdout; receives info findings too by default. */
export const ConsoleConfig = z.strictObject({
  type: z.literal('console'),
  ...ChannelBase,
  minSeverity: ChannelBase.minSeverity.default('info'),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;
