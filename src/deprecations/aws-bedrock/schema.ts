import { z } from 'zod';
import { DeprecationRow } from '../schema.js';

/**
 * A row of the Bedrock Active / Legacy / EOL tables. Legacy and EOL rows are keyed by display name
 * ("Claude 3.5 Sonnet v1"); the model id is resolved from the active table when it lists the name.
 */
export const AwsBedrockRow = DeprecationRow.extend({
  provider: z.literal('aws-bedrock'),
  displayName: z.string().min(1),
});
