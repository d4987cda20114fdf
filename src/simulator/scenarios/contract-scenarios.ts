import { WINDOW_MS, openAiDuration, refillMs, rfc3339 } from '../routes/headers.js';
import { isObject, objectAt } from './body.js';
import type { Scenario } from './types.js';

const DAY_MS = 86_400_000;

/** Token limits whose reset the day window rewrites: [limit, remaining, reset] header names. */
const TOKEN_LIMITS: readonly [string, string, string][] = [
  ['x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens'],
  ...['tokens', 'input-tokens', 'output-tokens'].map(
    (k): [string, string, string] => [`anthropic-ratelimit-${k}-limit`, `anthropic-ratelimit-${k}-remaining`, `anthropic-ratelimit-${k}-reset`],
  ),
];

/** What the `account-moved` scenario answers with: another organization, project and geography. */
export const MOVED_ACCOUNT = {
  'openai-organization': 'org-tripline-other',
  'openai-project': 'proj_tripline_other',
  'anthropic-organization-id': '9a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b',
  inferenceGeo: 'us',
} as const;

/** Scenarios about contracts beyond the text: rate-limit windows, echoed defaults, the account. */
export const contractScenarios: Scenario[] = [
  {
    id: 'ratelimit-window-day',
    description: `The token window becomes a day: token reset headers count down ${DAY_MS / WINDOW_MS}x longer (seconds turn into hours) while every limit number stays the same.`,
    respond(res) {
      for (const [limitName, remainingName, resetName] of TOKEN_LIMITS) {
        const reset = res.headers[resetName];
        if (reset === undefined) continue;
        const wait = refillMs(Number(res.headers[limitName]), Number(res.headers[remainingName]), DAY_MS);
        res.headers[resetName] = resetName.startsWith('anthropic') ? rfc3339(Date.now() + wait) : openAiDuration(wait);
      }
      return res;
    },
  },
  {
    id: 'default-top-p-changed',
    description: 'A new default nucleus mass: requests that name no top_p sample with top_p 0.98, and the Responses API echoes top_p: 0.98 where it echoed 1.',
    knobs: (k) => ({ ...k, defaultTopP: 0.98 }),
  },
  {
    id: 'account-moved',
    description: `Requests are served under another account: openai-organization, openai-project and anthropic-organization-id name others, Anthropic usage.inference_geo turns "${MOVED_ACCOUNT.inferenceGeo}".`,
    respond(res, req) {
      for (const name of ['openai-organization', 'openai-project', 'anthropic-organization-id'] as const) {
        if (res.headers[name] !== undefined) res.headers[name] = MOVED_ACCOUNT[name];
      }
      const usage = req.format === 'anthropic' && isObject(res.body) ? objectAt(res.body, 'usage') : undefined;
      if (usage && 'inference_geo' in usage) usage['inference_geo'] = MOVED_ACCOUNT.inferenceGeo;
      return res;
    },
  },
];
