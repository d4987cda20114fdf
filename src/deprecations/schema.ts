import { z } from 'zod';

/** How exact a parsed lifecycle date is. `earliest-*` are lower bounds ("Not before October 16, 2026"). */
export const DatePrecision = z.enum(['day', 'month', 'earliest-day', 'earliest-month', 'unknown']);
export type DatePrecision = z.infer<typeof DatePrecision>;

/** A date as a page wrote it, with the value tripline read from it. Never an invented day. */
export const ParsedDate = z.object({
  /** The original text, as on the page. */
  text: z.string(),
  /** `2026-10-20` (day precision) or `2026-02` (month precision); null when nothing could be read. */
  iso: z
    .string()
    .regex(/^\d{4}-\d{2}(-\d{2})?$/)
    .nullable(),
  precision: DatePrecision,
  /** Why a date-looking text was not read (an impossible day, an implausible year). */
  problem: z.string().optional(),
});
export type ParsedDate = z.infer<typeof ParsedDate>;

export const LifecycleStatus = z.enum(['active', 'legacy', 'deprecated', 'retired', 'unknown']);
export type LifecycleStatus = z.infer<typeof LifecycleStatus>;

/** One model's lifecycle entry as read from one table row of one page. */
export const DeprecationRow = z.object({
  /** Source type id that read it, or the `provider:` of a generic table source. */
  provider: z.string().min(1),
  /** The model id as the page writes it (`gpt-4o-2024-05-13`, `anthropic.claude-3-haiku-20240307-v1:0`). */
  modelId: z.string().min(1).max(200),
  /** The human name where the page keys rows by name (AWS Bedrock, Mistral). */
  displayName: z.string().optional(),
  status: LifecycleStatus,
  announced: ParsedDate.optional(),
  deprecated: ParsedDate.optional(),
  shutdown: ParsedDate.optional(),
  replacement: z.string().optional(),
  /** Heading trail of the table the row came from, e.g. `Deprecation history › 2025-09-26: Legacy GPT model snapshots`. */
  section: z.string(),
  /** The row's cells as text, ` | `-joined: what the page said, used for text diffs in evidence. */
  text: z.string(),
});
export type DeprecationRow = z.infer<typeof DeprecationRow>;

/** A model id as an API accepts it: no spaces. */
export const ApiModelId = z.string().regex(/^[A-Za-z0-9][\w.:@/+-]*$/, 'a model id without spaces');
