import { z } from 'zod';
import { DeprecationRow, ParsedDate } from '../schema.js';

/** A row of a dated table under "Deprecation History" on docs.cohere.com/docs/deprecations. */
export const CohereRow = DeprecationRow.extend({
  provider: z.literal('cohere'),
  shutdown: ParsedDate,
});
