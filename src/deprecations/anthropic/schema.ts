import { z } from 'zod';
import { ApiModelId, DeprecationRow } from '../schema.js';

/** A row of the "Model status" table or of a dated "Deprecation history" table. */
export const AnthropicRow = DeprecationRow.extend({
  provider: z.literal('anthropic'),
  modelId: ApiModelId.refine((id) => id.startsWith('claude'), 'a Claude model id'),
});
