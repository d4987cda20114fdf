import { z } from 'zod';
import { ChannelBase, secretFile } from '../base-schema.js';

/** `type: slack` — a bot token with chat:write, the channel, and the Web API base URL. */
export const SlackConfig = z.strictObject({
  type: z.literal('slack').describe('Slack via the Web API (chat.postMessage, chat.update).'),
  ...ChannelBase,
  token: z.string().min(1).describe('Bot token with chat:write; usually ${ENV_VAR}. Or tokenFile.'),
  tokenFile: secretFile('token'),
  channel: z.string().min(1).describe('Channel name or id to post to, e.g. #llm-alerts.'),
  apiUrl: z.url().default('https://slack.com/api/').describe('Slack Web API base URL.'),
});
export type SlackConfig = z.infer<typeof SlackConfig>;

/** The part of a chat.postMessage / chat.update answer we read. */
export const SlackApiAnswer = z.object({
  ok: z.boolean(),
  ts: z.string().optional(),
  error: z.string().optional(),
});

const Metadata = z.object({ event_type: z.string().optional(), event_payload: z.object({ event_id: z.string().optional() }).partial().optional() }).optional();

/** The part of a conversations.history answer (with include_all_metadata) we read. */
export const SlackHistory = z.object({
  channel: z.string().optional(),
  messages: z.array(z.object({ ts: z.string(), metadata: Metadata })),
});
