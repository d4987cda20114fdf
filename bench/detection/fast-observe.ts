/**
 * The fast path: the same request through the simulator's model code without the wire format.
 * It draws from the simulator state exactly as the Chat Completions route does (one forked stream
 * per request, generation first), so with the same seed it produces the same outputs as the route;
 * `sim-cycle.ts` checks that field by field against the adapter path before any trial runs. The
 * envelope fields no statistical probe reads (shape, headers, enums) are copied from a template
 * observation the adapter produced.
 */
import { CLIENT_CAP_FINISH, type SuccessObservation } from '../../src/domain/observation.js';
import type { HttpRequest } from '../../src/http/types.js';
import { generate, generatedLength } from '../../src/simulator/index.js';
import { countInputTokens } from '../../src/simulator/model/tokenizer.js';
import type { ModelRequest } from '../../src/simulator/model/types.js';
import { hash32 } from '../../src/simulator/rng.js';
import { fingerprint } from '../../src/simulator/routes/openai-shared.js';
import type { SimulatorState } from '../../src/simulator/state.js';
import { tenantOf } from '../../src/simulator/routes/tenant.js';

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

type Fields = Pick<SuccessObservation, 'item' | 'sample' | 'timestamp'>;
type Answer = Pick<SuccessObservation, 'text' | 'finishReason' | 'usage' | 'logprobs'>;

/** The simulator's draw for one request, as the Chat Completions route makes it. */
function modelCall(state: SimulatorState, req: HttpRequest) {
  const body = req.body as ChatBody;
  const info = state.requestInfo('openai', 'generate', body.model, requestHashOf(req), tenantOf(req.headers));
  const knobs = state.knobs(info);
  const request = { ...modelRequestOf(body), choiceIndex: 0 };
  const input = countInputTokens('openai', request.system, request.messages, knobs.nonAsciiTokenCost) + knobs.hiddenSystemTokens;
  return { info, knobs, request, input };
}

/** The template's envelope with this sample's fields and answer. */
function envelope(template: SuccessObservation, fields: Fields, model: string, answer: Answer): SuccessObservation {
  const { item: _item, ...rest } = template;
  return {
    ...rest,
    ...(fields.item !== undefined ? { item: fields.item } : {}),
    sample: fields.sample,
    timestamp: fields.timestamp,
    ...answer,
    modelReported: model,
    fingerprint: fingerprint(model),
  };
}

/** One observation via the model code; `template` supplies the envelope fields. */
export function fastObservation(state: SimulatorState, req: HttpRequest, template: SuccessObservation, fields: Fields, wantLogprobs: boolean): SuccessObservation {
  const { info, knobs, request, input } = modelCall(state, req);
  const g = generate(request, knobs, info.rng);
  // A streamed answer the client stops (role chunk + one chunk per token): what the adapter keeps.
  const kept = req.stopAfterEvents === undefined ? g.tokens.length : req.stopAfterEvents - 1;
  const stopped = g.tokens.length > kept;
  const tokens = stopped ? g.tokens.slice(0, kept) : g.tokens;
  const output = g.tokens.length + g.reasoningTokens;
  return envelope(template, fields, knobs.reportedModel, {
    text: stopped ? tokens.map((t) => t.token).join('') : g.text,
    finishReason: stopped ? CLIENT_CAP_FINISH : g.finishReason,
    usage: stopped
      ? { input: null, output: kept, cached: null, reasoning: null, total: null }
      : { input, output, cached: 0, reasoning: g.reasoningTokens, total: input + output },
    logprobs: wantLogprobs ? tokens.map((t) => ({ token: t.token, logprob: t.logprob, top: t.top.map((a) => ({ token: a.token, logprob: a.logprob })) })) : null,
  });
}

/**
 * The same observation's output count and finish reason only (empty text, no logprobs): for the long
 * no-drift runs of the length probe, which reads nothing else. `sim-cycle.ts` checks it against
 * `fastObservation` before use.
 */
export function lengthObservation(state: SimulatorState, req: HttpRequest, template: SuccessObservation, fields: Fields): SuccessObservation {
  const { info, knobs, request, input } = modelCall(state, req);
  const { outputTokens, finishReason } = generatedLength(request, knobs, info.rng);
  return envelope(template, fields, knobs.reportedModel, {
    text: '',
    finishReason,
    usage: { input, output: outputTokens, cached: 0, reasoning: 0, total: input + outputTokens },
    logprobs: null,
  });
}
