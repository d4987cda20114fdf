import { WINDOW_MS, openAiDuration, refillMs, rfc3339 } from '../routes/headers.js';
import type { Scenario } from './types.js';

const DAY_MS = 86_400_000;

/** Token limits whose reset the day window rewrites: [limit, remaining, reset] header names. */
const TOKEN_LIMITS: readonly [string, string, string][] = [
  ['x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens'],
  ...['tokens', 'input-tokens', 'output-tokens'].map(
    (k): [string, string, string] => [`anthropic-ratelimit-${k}-limit`, `anthropic-ratelimit-${k}-remaining`, `anthropic-ratelimit-${k}-reset`],
  ),
];

/** Scenarios about contracts beyond the body: rate-limit windows. */
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
];
