import { z } from 'zod';
import { DeprecationRow, ParsedDate } from '../schema.js';

/** The CSS selectors a `table` source is configured with (tripline.yaml `selectors:`). */
export const TableSelectors = z.object({
  /** Selects the table(s); rows are its `tr` elements (or its children when it has none). */
  table: z.string().min(1),
  /** Within a row, the cell holding the model id. */
  model: z.string().min(1),
  /** Within a row, the cell holding the shutdown / retirement date. */
  date: z.string().min(1),
  /** Within a row, the cell naming the replacement. */
  replacement: z.string().min(1).optional(),
});

/** A row read with configured selectors: a model id and a shutdown date cell at least. */
export const TableRow = DeprecationRow.extend({
  modelId: z.string().min(1).max(200),
  shutdown: ParsedDate,
});
