import { z } from 'zod';
import { ApiModelId, DeprecationRow } from '../schema.js';

/** A row of a models table on docs.mistral.ai, keyed by the id in "API Endpoints". */
export const MistralRow = DeprecationRow.extend({
  provider: z.literal('mistral'),
  modelId: ApiModelId.refine((id) => !/^n\/?a$/i.test(id), 'a model with an API endpoint'),
});
