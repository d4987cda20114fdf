import { DeprecationRow, ParsedDate } from '../schema.js';

/** A row of a dated table under "Deprecation history" on platform.openai.com/docs/deprecations. */
export const OpenAiRow = DeprecationRow.extend({
  status: DeprecationRow.shape.status.extract(['deprecated', 'legacy']),
  shutdown: ParsedDate,
});
