import type { ChoiceReading, ModelStatus, TokenLogprob, Usage } from '../../domain/observation.js';
import { arr, at, isRecord, num, str } from '../shared/json.js';
import type { ErrorInfo } from '../shared/wire.js';

/** Google RPC durations (`"34.4s"`) in seconds. */
function seconds(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value) : null;
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}

/** `{"error": {"code": 404, "status": "NOT_FOUND", "details": [...]}}`; a bad key is 400 API_KEY_INVALID. */
export function geminiErrorOf(json: unknown): ErrorInfo | null {
  const error = at(json, 'error');
  if (!isRecord(error)) return null;
  const details = arr(error['details']);
  const reasons = details.map((d) => str(at(d, 'reason'))).filter((r): r is string => r !== null);
  const retry = details.map((d) => seconds(at(d, 'retryDelay'))).find((s) => s !== undefined);
  const numeric = num(error['code']);
  const info: ErrorInfo = {
    code: reasons.includes('API_KEY_INVALID') ? 'API_KEY_INVALID' : (str(error['status']) ?? (numeric !== null ? String(numeric) : null)),
    message: str(error['message']),
  };
  if (retry !== undefined) info.retryAfterSeconds = retry;
  return info;
}

/** `logprobsResult` as per-token logprobs: chosen token i with the alternatives of topCandidates[i]. */
export function geminiLogprobs(result: unknown): TokenLogprob[] | null {
  const chosen = at(result, 'chosenCandidates');
  if (!Array.isArray(chosen)) return null;
  const top = arr(at(result, 'topCandidates'));
  const read = (c: unknown) => ({ token: str(at(c, 'token')) ?? '', logprob: num(at(c, 'logProbability')) ?? 0 });
  return chosen.map((c, i) => ({ ...read(c), top: arr(at(top[i], 'candidates')).map(read) }));
}

export function geminiModelStatus(value: unknown): ModelStatus | null {
  if (!isRecord(value)) return null;
  return {
    stage: str(value['modelStage']),
    retirementTime: str(value['retirementTime']),
    message: str(value['message']),
  };
}

/** Finish reasons of a candidate whose output a content filter stopped. */
const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/** A candidate's answer: its non-thought parts (none when it has no `parts`) and why it stopped. */
export function geminiAnswer(candidate: unknown): ChoiceReading {
  const text = arr(at(candidate, 'content', 'parts'))
    .filter((part) => at(part, 'thought') !== true)
    .map((part) => str(at(part, 'text')) ?? '')
    .join('');
  const finishReason = str(at(candidate, 'finishReason'));
  const filtered = finishReason !== null && FILTERED.has(finishReason) && text === '';
  return { text, finishReason, ...(filtered ? { refusal: `output stopped: ${finishReason}` } : {}) };
}

/** A blocked prompt as a refusal: the block reason and Google's message for it. */
export function geminiBlocked(json: unknown): ChoiceReading | null {
  const reason = str(at(json, 'promptFeedback', 'blockReason'));
  if (reason === null || arr(at(json, 'candidates')).length > 0) return null;
  const message = str(at(json, 'promptFeedback', 'blockReasonMessage'));
  return { text: '', finishReason: reason, refusal: `prompt blocked: ${reason}${message ? ` (${message})` : ''}` };
}

/** `usageMetadata` as Usage. proto3 omits zeros, so a missing candidates count is 0 answer tokens. */
export function geminiUsage(usage: unknown): Usage {
  const present = isRecord(usage);
  const toolUse = num(at(usage, 'toolUsePromptTokenCount'));
  return {
    input: num(at(usage, 'promptTokenCount')),
    output: num(at(usage, 'candidatesTokenCount')) ?? (present ? 0 : null),
    cached: num(at(usage, 'cachedContentTokenCount')),
    reasoning: num(at(usage, 'thoughtsTokenCount')),
    total: num(at(usage, 'totalTokenCount')),
    ...(toolUse !== null ? { toolUse } : {}),
  };
}

/** `models/gemini-2.5-pro` and `gemini-2.5-pro` name the same model. */
export function withoutModelsPrefix(model: string): string {
  return model.replace(/^models\//, '');
}
