import type { ErrorCode as ErrorCodes, Logger, LogLevel as LogLevels } from '@slack/web-api';
import { redactSecrets } from '../../../secrets/redact.js';
import type { AlertChannel, SendResult } from '../../types.js';
import { renderSlack, type SlackPayload } from './render.js';
import { SlackApiAnswer, SlackConfig } from './schema.js';

/** The WebClient must not log (the caller logs) and must not print the token. */
const silentLogger = (level: LogLevels): Logger => ({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => level,
  setName: () => undefined,
});

/** Threading ref: the channel id Slack answered with and the opening message's ts. */
function parseRef(ref: string | undefined): { channel: string; ts: string } | undefined {
  const at = ref?.indexOf('|') ?? -1;
  if (!ref || at < 0) return undefined;
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

function failure(error: unknown, token: string, codes: typeof ErrorCodes): SendResult {
  const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
  let retryable = true;
  let detail = code;
  if (code === codes.PlatformError && error instanceof Error && 'data' in error) {
    const answer = SlackApiAnswer.safeParse(error.data);
    detail = `slack error ${answer.success ? (answer.data.error ?? 'unknown') : 'unknown'}`;
    retryable = answer.success && ['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable'].includes(answer.data.error ?? '');
  } else if (code === codes.HTTPError && error instanceof Error && 'statusCode' in error) {
    const status = Number(error.statusCode);
    detail = `slack HTTP ${status}`;
    retryable = status === 429 || status >= 500;
  } else if (code === codes.RateLimitedError) {
    detail = 'slack rate limited';
  } else if (code === codes.RequestError) {
    detail = `slack request failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { ok: false, retryable, error: redactSecrets(detail, [token]) };
}

/** Slack via the Web API: Block Kit messages, updates and resolution in the alert's thread. */
export const slackChannel = {
  id: 'slack',
  schema: SlackConfig,
  secretFields: { token: 'value' },
  render: (event) => renderSlack(event),
  async send(payload: SlackPayload, config: SlackConfig, deps): Promise<SendResult> {
    // Loaded on the first send: a daemon without a Slack channel never pays for the Web API client.
    const { ErrorCode, LogLevel, WebClient } = await import('@slack/web-api');
    const client = new WebClient(config.token, {
      slackApiUrl: config.apiUrl,
      // The outbox retries with backoff; the client must not retry (or sleep) on its own.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: deps.timeoutMs,
      logger: silentLogger(LogLevel.ERROR),
      logLevel: LogLevel.ERROR,
    });
    const thread = parseRef(deps.threadRef);
    try {
      if (payload.mode === 'resolve' && thread && payload.opening) {
        // Edit first: an edit repeats harmlessly if the reply below fails and the outbox retries.
        await client.chat.update({ channel: thread.channel, ts: thread.ts, ...payload.opening });
      }
      const threadTs = payload.mode !== 'post' && thread ? { thread_ts: thread.ts } : {};
      const answer = await client.chat.postMessage({ channel: config.channel, ...payload.message, ...threadTs });
      const ts = answer.ts;
      return ts && answer.channel ? { ok: true, ref: `${answer.channel}|${ts}` } : { ok: true };
    } catch (error) {
      return failure(error, config.token, ErrorCode);
    }
  },
} satisfies AlertChannel<SlackConfig, SlackPayload>;
