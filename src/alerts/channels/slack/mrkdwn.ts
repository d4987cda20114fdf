/**
 * Escaping for Slack mrkdwn. Slack decodes only `&amp;`, `&lt;` and `&gt;` and has no escape for the
 * formatting characters `*`, `_`, `~` and backtick; the known workaround (used by jsx-slack's
 * `<Escape>`) is a date token with an invalid date, whose fallback text Slack always shows verbatim.
 */

/** The three characters Slack asks to be entity-encoded. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const plain = (ch: string): string => `<!date^00000000^{_}|${ch}>`;
const WORD = /[\p{L}\p{N}]/u;

/**
 * Text from a provider (model ids, summaries, page text) shown as written: entities encoded and every
 * formatting character that could open or close a style shown verbatim. A character between two
 * letters or digits (`input_changed`, `gpt_4o`) cannot, in Slack's parser, and stays as it is.
 */
export function escapeMrkdwn(text: string): string {
  const chars = [...text];
  return chars
    .map((ch, i) => {
      if (!'*_~`'.includes(ch)) return escapeEntities(ch);
      const inWord = WORD.test(chars[i - 1] ?? '') && WORD.test(chars[i + 1] ?? '');
      return inWord ? ch : plain(ch);
    })
    .join('');
}

/**
 * Text of ours that marks commands as `code` spans and may quote provider values elsewhere (an
 * action): the spans stay code (where nothing formats), everything around them is escaped.
 */
export function escapeMrkdwnKeepingCode(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? escapeEntities(part) : escapeMrkdwn(part)))
    .join('');
}
