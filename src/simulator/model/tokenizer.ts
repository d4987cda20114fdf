/**
 * A deterministic toy tokenizer: runs of ASCII letters and digits cost one token per 5 characters
 * (rounded up), each ASCII punctuation character costs one, whitespace is free (it attaches to the
 * next token), and each non-ASCII character costs `nonAsciiCost` (1 normally).
 */
const PIECE = /[A-Za-z0-9]+|\s+|[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]|\P{ASCII}/gu;

/** Number of tokens `text` costs. Pure: the same text always costs the same. */
export function countTokens(text: string, nonAsciiCost = 1): number {
  let n = 0;
  for (const m of text.matchAll(PIECE)) {
    const piece = m[0];
    const first = piece.codePointAt(0) ?? 0;
    if (/^\s/u.test(piece)) continue;
    if (first > 0x7f) n += nonAsciiCost;
    else if (/^[A-Za-z0-9]/.test(piece)) n += Math.ceil(piece.length / 5);
    else n += 1;
  }
  return n;
}

/** Fixed chat-template overheads per wire format (message framing, reply priming). */
export const templateOverhead = {
  openai: { base: 3, perMessage: 4 },
  anthropic: { base: 5, perMessage: 3 },
  gemini: { base: 0, perMessage: 1 },
} as const;

/** The template family used for counting input tokens. */
export type TemplateFamily = keyof typeof templateOverhead;

/** Input tokens of a conversation under one wire format's chat template (system counts as a message). */
export function countInputTokens(
  family: TemplateFamily,
  system: string | undefined,
  messages: readonly { content: string }[],
  nonAsciiCost = 1,
): number {
  const t = templateOverhead[family];
  let n = t.base;
  if (system !== undefined && system.length > 0) n += t.perMessage + countTokens(system, nonAsciiCost);
  for (const m of messages) n += t.perMessage + countTokens(m.content, nonAsciiCost);
  return n;
}
