import type { ErrorCode as ErrorCodes, Logger, LogLevel as LogLevels, WebClient } from '@slack/web-api';
import { redactSecrets } from '../../../secrets/redact.js';
import type { AlertChannel, SendResult } from '../../types.js';
import { renderSlack, type SlackPayload } from './render.js';
import { SlackApiAnswer, SlackConfig, SlackHistory } from './schema.js';

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

/** `metadata.event_type` of every message tripline posts; `event_payload.event_id` is the event id. */
export const EVENT_TYPE = 'tripline_alert';

/** How far back a message whose send was interrupted is looked for (the outbox retries within hours). */
const LOOKUP_MESSAGES = 200;

/**
 * The ref of a message already posted for `eventId` (its sender died before recording it): looked
 * up in the alert's thread for a reply, else in the channel's recent history, with metadata.
 */
async function findPosted(client: WebClient, channel: string, eventId: string, thread: { channel: string; ts: string } | undefined): Promise<string | undefined> {
  const answer = SlackHistory.safeParse(
    thread
      ? await client.conversations.replies({ channel: thread.channel, ts: thread.ts, include_all_metadata: true, limit: LOOKUP_MESSAGES })
      : await client.conversations.history({ channel, include_all_metadata: true, limit: LOOKUP_MESSAGES }),
  );
  if (!answer.success) return undefined;
  const found = answer.data.messages.find((m) => m.metadata?.event_type === EVENT_TYPE && m.metadata.event_payload?.event_id === eventId);
  return found ? `${answer.data.channel ?? thread?.channel ?? channel}|${found.ts}` : undefined;
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
    // Every message carries its event id, so a send that may already have happened is looked up first.
    const metadata = deps.eventId ? { metadata: { event_type: EVENT_TYPE, event_payload: { event_id: deps.eventId } } } : {};
    try {
      if (deps.inDoubt && deps.eventId) {
        const earlier = await findPosted(client, config.channel, deps.eventId, payload.mode === 'post' ? undefined : thread);
        if (earlier) return { ok: true, ref: earlier };
      }
      if (payload.mode === 'resolve' && thread && payload.opening) {
        // Edit first: an edit repeats harmlessly if the reply below fails and the outbox retries.
        await client.chat.update({ channel: thread.channel, ts: thread.ts, ...payload.opening });
      }
      const threadTs = payload.mode !== 'post' && thread ? { thread_ts: thread.ts } : {};
      const answer = await client.chat.postMessage({ channel: config.channel, ...payload.message, ...threadTs, ...metadata });
      const ts = answer.ts;
      return ts && answer.channel ? { ok: true, ref: `${answer.channel}|${ts}` } : { ok: true };
    } catch (error) {
      return failure(error, config.token, ErrorCode);
    }
  },
} satisfies AlertChannel<SlackConfig, SlackPayload>;
