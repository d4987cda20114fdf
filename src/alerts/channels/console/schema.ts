import { z } from 'zod';
import { ChannelBase } from '../base-schema.js';

/** `type: console` — readable blocks on stdout; receives info findings too by default. */
export const ConsoleConfig = z.strictObject({
  type: z.literal('console').describe('Readable blocks on stdout.'),
  ...ChannelBase,
  minSeverity: ChannelBase.minSeverity.default('info').describe('Lowest severity printed: info (default here), warning or critical.'),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;
