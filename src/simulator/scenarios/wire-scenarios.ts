import { errorBody } from '../wire-errors.js';
import { isObject, objectAt, objectsAt, renameField } from './body.js';
import type { Scenario } from './types.js';

const RATE_LIMIT_CHANGES: Record<string, string> = {
  'x-ratelimit-limit-requests': '5000',
  'x-ratelimit-limit-tokens': '1000000',
  'anthropic-ratelimit-requests-limit': '2000',
  'anthropic-ratelimit-tokens-limit': '240000',
  'anthropic-ratelimit-input-tokens-limit': '200000',
  'anthropic-ratelimit-output-tokens-limit': '40000',
};

/** Scenarios that change the envelope: fields, headers, statuses, metadata. */
export const wireScenarios: Scenario[] = [
  {
    id: 'logprobs-removed',
    description: 'The logprobs field disappears from choices (OpenAI), output content (Responses) and candidates (Gemini).',
    respond(res, req) {
      if (req.endpoint !== 'generate') return res;
      for (const choice of objectsAt(res.body, 'choices')) delete choice['logprobs'];
      for (const item of objectsAt(res.body, 'output')) for (const part of objectsAt(item, 'content')) delete part['logprobs'];
      for (const cand of objectsAt(res.body, 'candidates')) {
        delete cand['logprobsResult'];
        delete cand['avgLogprobs'];
      }
      return res;
    },
  },
  {
    id: 'field-renamed',
    description: 'A usage field is renamed: OpenAI usage.completion_tokens -> output_tokens, Anthropic usage.output_tokens -> completion_tokens, Gemini usageMetadata.candidatesTokenCount -> outputTokenCount.',
    respond(res, req) {
      if (req.endpoint !== 'generate' || res.status !== 200) return res;
      const usage = objectAt(res.body, 'usage');
      if (usage && req.format === 'openai') renameField(usage, 'completion_tokens', 'output_tokens');
      if (usage && req.format === 'anthropic') renameField(usage, 'output_tokens', 'completion_tokens');
      const meta = objectAt(res.body, 'usageMetadata');
      if (meta) renameField(meta, 'candidatesTokenCount', 'outputTokenCount');
      return res;
    },
  },
  {
    id: 'ratelimit-window-changed',
    description: 'Rate-limit limits change: OpenAI x-ratelimit-limit-requests 10000 -> 5000 (tokens halved), Anthropic limits halved.',
    respond(res) {
      for (const [name, value] of Object.entries(RATE_LIMIT_CHANGES)) {
        const old = res.headers[name];
        if (old === undefined) continue;
        res.headers[name] = value;
        // Keep remaining consistent with the new limit: same amount used.
        const remainingName = name.replace('-limit', '-remaining');
        const remaining = res.headers[remainingName];
        if (remaining !== undefined) {
          const used = Number(old) - Number(remaining);
          res.headers[remainingName] = String(Math.max(0, Number(value) - used));
        }
      }
      return res;
    },
  },
  {
    id: 'status-body-mismatch-429',
    description: 'Successful generations arrive with status 429 while the body is a normal success.',
    respond(res, req) {
      return req.endpoint === 'generate' && res.status === 200 ? { ...res, status: 429 } : res;
    },
  },
  {
    id: 'error-in-200',
    description: "Generations arrive with status 200 whose body is the provider's error object.",
    respond(res, req) {
      if (req.endpoint !== 'generate' || res.status !== 200) return res;
      return { ...res, body: errorBody(req.format, 500, 'The server had an error while processing your request.') };
    },
  },
  {
    id: 'metadata-default-changed',
    description: 'Model metadata defaults move: Gemini models.get temperature 1 -> 0.7 and outputTokenLimit halved; Anthropic models max_tokens halved.',
    knobs: (k, req) => (req.format === 'gemini' ? { ...k, defaultTemperature: 0.7 } : k),
    respond(res, req) {
      if (req.endpoint !== 'model-get' && req.endpoint !== 'models-list') return res;
      const entries = [res.body, ...objectsAt(res.body, 'data'), ...objectsAt(res.body, 'models')].filter(isObject);
      for (const entry of entries) {
        const limit = entry['outputTokenLimit'];
        if (typeof limit === 'number') entry['outputTokenLimit'] = Math.floor(limit / 2);
        const max = entry['max_tokens'];
        if (typeof max === 'number') entry['max_tokens'] = Math.floor(max / 2);
      }
      return res;
    },
  },
  {
    id: 'gemini-retirement',
    description: 'Gemini responses carry modelStatus {modelStage: DEPRECATED, retirementTime, message}.',
    respond(res, req) {
      if (req.format !== 'gemini' || req.endpoint !== 'generate' || !isObject(res.body) || res.status !== 200) return res;
      res.body['modelStatus'] = {
        modelStage: 'DEPRECATED',
        retirementTime: req.options.retirementTime,
        message: `${req.model} is deprecated and will be retired on ${req.options.retirementTime}.`,
      };
      return res;
    },
  },
];
