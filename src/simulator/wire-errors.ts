import type { JsonObject, WireFormat } from './scenarios/types.js';

/** Error `type` / `status` names each provider uses for an HTTP status. */
const OPENAI_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
  500: 'server_error',
};
const ANTHROPIC_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};
const GEMINI_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
};

/** Extra fields of an OpenAI error (`param`, `code`). */
export interface OpenAiErrorExtra {
  /** The request parameter at fault. */
  param?: string | null;
  /** Machine-readable code (`unsupported_parameter`, `invalid_api_key`, ...). */
  code?: string | null;
  /** Overrides the error type the status implies (also used for Anthropic). */
  type?: string;
}

/** The error body a provider sends for `status`, in its own wire format. */
export function errorBody(format: WireFormat, status: number, message: string, extra: OpenAiErrorExtra = {}): JsonObject {
  switch (format) {
    case 'openai':
      return {
        error: {
          message,
          type: extra.type ?? OPENAI_TYPE[status] ?? 'server_error',
          param: extra.param ?? null,
          code: extra.code ?? (status === 429 ? 'rate_limit_exceeded' : null),
        },
      };
    case 'anthropic':
      return { type: 'error', error: { type: extra.type ?? ANTHROPIC_TYPE[status] ?? 'api_error', message } };
    case 'gemini':
      return { error: { code: status, message, status: GEMINI_STATUS[status] ?? 'INTERNAL' } };
  }
}

/** The message each provider uses for a common failure. */
export function standardMessage(format: WireFormat, status: 401 | 429 | 500): string {
  const messages: Record<WireFormat, Record<401 | 429 | 500, string>> = {
    openai: {
      401: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      429: 'Rate limit reached for requests. Please try again in 1s.',
      500: 'The server had an error while processing your request. Sorry about that!',
    },
    anthropic: {
      401: 'x-api-key header is required',
      429: 'Number of request tokens has exceeded your per-minute rate limit.',
      500: 'Internal server error',
    },
    gemini: {
      401: 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.',
      429: 'Resource has been exhausted (e.g. check quota).',
      500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    },
  };
  return messages[format][status];
}
