/**
 * The fast path: the same request through the simulator's model code without the wire format.
 * It draws from the simulator state exactly as the Chat Completions route does (one forked stream
 * per request, generation first), so with the same seed it produces the same outputs as the route;
 * `sim-cycle.ts` checks that field by field against the adapter path before any trial runs. The
 * envelope fields no statistical probe reads (shape, headers, enums) are copied from a template
 * observation the adapter produced.
 */
import type { SuccessObservation } from '../../src/domain/observation.js';
import type { HttpRequest } from '../../src/http/types.js';
import { generate } from '../../src/simulator/model/generate.js';
import { countInputTokens } from '../../src/simulator/model/tokenizer.js';
import type { ModelRequest } from '../../src/simulator/model/types.js';
import { hash32 } from '../../src/simulator/rng.js';
import { fingerprint } from '../../src/simulator/routes/openai-shared.js';
import type { SimulatorState } from '../../src/simulator/state.js';

interface ChatMessageBody {
  role: string;
  content: string;
}

export interface ChatBody {
  model: string;
  messages: ChatMessageBody[];
  temperature?: number;
  top_p?: number;
  seed?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  logprobs?: boolean;
  top_logprobs?: number;
}

/** The simulator's normalized request for an OpenAI chat body, as the route builds it. */
export function modelRequestOf(body: ChatBody): ModelRequest {
  const system = body.messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.content);
  const turns = body.messages.flatMap((m) => (m.role === 'user' || m.role === 'assistant' ? [{ role: m.role as 'user' | 'assistant', content: m.content }] : []));
  return {
    model: body.model,
    system: system.length > 0 ? system.join('\n') : undefined,
    messages: turns,
    temperature: body.temperature ?? 1,
    topP: body.top_p,
    seed: body.seed,
    maxTokens: body.max_completion_tokens ?? body.max_tokens,
    topLogprobs: body.logprobs === true ? (body.top_logprobs ?? 0) : 0,
  };
}

/** The request hash the simulator keys sticky scenarios on (method, path, body). */
export function requestHashOf(req: HttpRequest): number {
  return hash32(req.method, new URL(req.url).pathname, JSON.stringify(req.body));
}

/** One observation via the model code; `template` supplies the envelope fields. */
export function fastObservation(
  state: SimulatorState,
  req: HttpRequest,
  template: SuccessObservation,
  fields: Pick<SuccessObservation, 'item' | 'sample' | 'timestamp'>,
  wantLogprobs: boolean,
): SuccessObservation {
  const body = req.body as ChatBody;
  const info = state.requestInfo('openai', 'generate', body.model, requestHashOf(req));
  const knobs = state.knobs(info);
  const request = modelRequestOf(body);
  const input = countInputTokens('openai', request.system, request.messages, knobs.nonAsciiTokenCost) + knobs.hiddenSystemTokens;
  const g = generate({ ...request, choiceIndex: 0 }, knobs, info.rng);
  const output = g.tokens.length + g.reasoningTokens;
  const { item: _item, ...rest } = template;
  return {
    ...rest,
    ...(fields.item !== undefined ? { item: fields.item } : {}),
    sample: fields.sample,
    timestamp: fields.timestamp,
    text: g.text,
    finishReason: g.finishReason,
    usage: { input, output, cached: 0, reasoning: g.reasoningTokens, total: input + output },
    modelReported: knobs.reportedModel,
    fingerprint: fingerprint(knobs.reportedModel),
    logprobs: wantLogprobs ? g.tokens.map((t) => ({ token: t.token, logprob: t.logprob, top: t.top.map((a) => ({ token: a.token, logprob: a.logprob })) })) : null,
  };
}
