import { z } from 'zod';
import { DeprecationRow, ParsedDate } from '../schema.js';

/**
 * A row of the Azure OpenAI retirements tables (model + version) or of a Foundry lifecycle table
 * (keyed by the catalogue name, which may contain spaces: "Command R+").
 */
export const AzureOpenAiRow = DeprecationRow.extend({
  provider: z.literal('azure-openai'),
  shutdown: ParsedDate,
});
