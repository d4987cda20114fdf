import { isObject, objectAt, objectsAt } from './body.js';
import type { Json, JsonObject, Scenario } from './types.js';

/** The refusal text OpenAI models send (Chat `message.refusal`, Responses `refusal` part). */
export const REFUSAL_TEXT = "I'm sorry, I can't assist with that request.";

/** A Chat Completions message turned into a refusal: `content` null, `refusal` set. */
function refuseMessage(message: JsonObject | null): void {
  if (!message) return;
  message['content'] = null;
  message['refusal'] = REFUSAL_TEXT;
}

/** Streamed, the refusal arrives in `delta.refusal` pieces where the content pieces were. */
function refuseStream(events: Json[]): void {
  let first = true;
  for (const event of events) {
    for (const choice of objectsAt(event, 'choices')) {
      const delta = objectAt(choice, 'delta');
      if (!delta || typeof delta['content'] !== 'string' || delta['content'] === '') continue;
      delta['content'] = null;
      delta['refusal'] = first ? REFUSAL_TEXT : '';
      first = false;
    }
  }
}

/** The Gemini answer to a blocked prompt: no candidates, the reason in `promptFeedback`, the prompt still billed. */
function blockedPrompt(body: JsonObject): JsonObject {
  const usage = objectAt(body, 'usageMetadata');
  const prompt: Json = usage?.['promptTokenCount'] ?? 0;
  return {
    promptFeedback: { blockReason: 'SAFETY' },
    usageMetadata: { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }] },
    modelVersion: body['modelVersion'] ?? null,
    responseId: body['responseId'] ?? null,
  };
}

/** The model declines every prompt, in each wire format's documented refusal shape. */
export const refusals: Scenario = {
  id: 'refusals',
  description:
    'The model declines: OpenAI Chat message.refusal with content null (streamed as delta.refusal), a Responses refusal content part, a Gemini blocked prompt (no candidates, promptFeedback.blockReason SAFETY).',
  respond(res, req) {
    if (req.endpoint !== 'generate' || res.status !== 200) return res;
    if (res.events) refuseStream(res.events);
    if (!isObject(res.body)) return res;
    for (const choice of objectsAt(res.body, 'choices')) refuseMessage(objectAt(choice, 'message'));
    for (const item of objectsAt(res.body, 'output')) {
      if (item['type'] === 'message') item['content'] = [{ type: 'refusal', refusal: REFUSAL_TEXT }];
    }
    if (req.format === 'gemini') return { ...res, body: blockedPrompt(res.body) };
    return res;
  },
};
