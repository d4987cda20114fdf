import { hash32 } from '../rng.js';
import type { ModelRequest, PromptKind } from './types.js';

/** Text of the last user turn (the prompt the model answers). */
export function lastUserText(req: Pick<ModelRequest, 'messages'>): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const msg = req.messages[i];
    if (msg?.role === 'user') return msg.content;
  }
  return '';
}

/**
 * Multiple choice: the prompt ends with "Answer:" and offers options A to D (as "A)", "A.", "A:" or
 * "(A)"). JSON: the prompt mentions "JSON". Anything else is open-ended.
 */
export function classifyPrompt(req: Pick<ModelRequest, 'messages'>): PromptKind {
  const text = lastUserText(req);
  if (/Answer:\s*$/.test(text) && ['A', 'B', 'C', 'D'].every((l) => new RegExp(`(^|\\s|\\()${l}[).:]`).test(text))) {
    return 'mcq';
  }
  if (text.includes('JSON')) return 'json';
  return 'open';
}

/** A hash of everything the model conditions on except the weights (system and all turns). */
export function promptKey(req: Pick<ModelRequest, 'system' | 'messages'>): number {
  return hash32(req.system ?? '', ...req.messages.map((m) => `${m.role}\u0001${m.content}`));
}
