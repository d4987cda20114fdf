import { z } from 'zod';
import { ApiModelId, DeprecationRow, ParsedDate } from '../schema.js';

/** A row of a "Model ID / Release date / Retirement date" table on the Vertex AI model versions page. */
export const VertexAiRow = DeprecationRow.extend({
  provider: z.literal('vertex-ai'),
  modelId: ApiModelId,
  shutdown: ParsedDate,
});
