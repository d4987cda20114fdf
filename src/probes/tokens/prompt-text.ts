import type { Canary } from '../../config/canary-schema.js';

/** The key of a sample's prompt in the summary: its item id, `*` for single-prompt canaries. */
export const promptKey = (item: string | undefined): string => item ?? '*';

/** The text the model reads for one prompt: system, then messages, an item's prompt replacing the last user message. */
export function promptText(canary: Canary, itemId?: string): string {
  const item = canary.items?.find((i) => i.id === itemId);
  const messages = canary.request.messages.map((m) => m.content);
  if (item) {
    const lastUser = canary.request.messages.map((m) => m.role).lastIndexOf('user');
    if (lastUser >= 0) messages[lastUser] = item.prompt;
  }
  return [canary.request.system ?? '', ...messages].filter((s) => s.length > 0).join('\n');
}

/** Code points and non-ASCII code points of a text. */
export function charCounts(text: string): { chars: number; nonAscii: number } {
  let chars = 0;
  let nonAscii = 0;
  for (const ch of text) {
    chars += 1;
    if ((ch.codePointAt(0) ?? 0) > 127) nonAscii += 1;
  }
  return { chars, nonAscii };
}
