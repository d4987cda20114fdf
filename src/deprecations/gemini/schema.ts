import { z } from 'zod';
import { ApiModelId, DeprecationRow } from '../schema.js';

/** A row of a per-family deprecation table, or a model named in a release-note deprecation bullet. */
export const GeminiRow = DeprecationRow.extend({
  provider: z.literal('gemini'),
  modelId: ApiModelId,
});
