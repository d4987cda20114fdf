import { alertText, trimText } from '../../templates.js';
import type { AlertEvent } from '../../types.js';
import { escapeEntities, escapeMrkdwn, escapeMrkdwnKeepingCode } from './mrkdwn.js';

/** The Block Kit blocks we use (header, section, context). */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | { type: 'actions'; elements: { type: 'button'; text: { type: 'plain_text'; text: string }; url: string; action_id: string }[] };

/** One chat.postMessage / chat.update body, without channel and token. */
export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: SlackBlock[];
}

/** What to do in Slack for one event. */
export interface SlackPayload {
  /** `post`: a new top-level message; `reply`: in the alert's thread; `resolve`: edit the opening, then reply. */
  mode: 'post' | 'reply' | 'resolve';
  message: SlackMessage;
  /** For `resolve`: what the opening message becomes. */
  opening?: SlackMessage;
}

/** Slack limits: header text 150 characters, section text 3000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

function header(text: string): SlackBlock {
  const t = text.length > HEADER_MAX ? `${text.slice(0, HEADER_MAX - 1)}…` : text;
  return { type: 'header', text: { type: 'plain_text', text: t, emoji: true } };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: trimText(text, SECTION_MAX) } };
}

function codeBlock(title: string, body: string): SlackBlock {
  // Nothing formats inside a code block; only a closing fence could end it early.
  const safe = escapeEntities(body.replace(/```/g, "'''"));
  const room = SECTION_MAX - title.length - 10;
  return { type: 'section', text: { type: 'mrkdwn', text: `${title}\n\`\`\`${trimText(safe, room)}\`\`\`` } };
}

/** Pure: the Slack message(s) for one event. */
export function renderSlack(event: AlertEvent): SlackPayload {
  const t = alertText(event);
  const blocks: SlackBlock[] = [
    header(t.headline),
    section(`*What changed:* ${escapeMrkdwn(t.whatChanged)}\n*${t.when.label}:* ${t.when.at}`),
  ];
  if (t.evidence) blocks.push(codeBlock('*Evidence*', t.evidence));
  blocks.push(section(`*Likely impact:* ${escapeMrkdwn(t.impact)}`), section(`*Action:* ${escapeMrkdwnKeepingCode(t.action)}`));
  if (event.type !== 'test' && event.type !== 'resolved') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Silence: \`${escapeEntities(t.silenceCommand.replace(/`/g, "'"))}\`` }] });
  }
  blocks.push(...linkBlocks(event));
  // The fallback `text` is mrkdwn too (notifications, screen readers): the same escaping as the blocks.
  const message = { text: escapeMrkdwn(t.headline), blocks };
  if (event.type === 'resolved') {
    const opening: SlackMessage = {
      text: escapeMrkdwn(t.headline),
      blocks: [header(t.headline), section(`${escapeMrkdwn(t.whatChanged)}\n*Resolved at:* ${event.at}`)],
    };
    return { mode: 'resolve', message, opening };
  }
  return { mode: event.type === 'updated' || event.type === 'reminder' ? 'reply' : 'post', message };
}

/** A link line (for clients that drop buttons) and buttons to the finding page and runbook. */
function linkBlocks(event: AlertEvent): SlackBlock[] {
  const { finding, runbook } = event.links ?? {};
  const links = [
    ...(finding ? [{ label: 'Open finding', url: finding, action_id: 'open_finding' }] : []),
    ...(runbook ? [{ label: 'Runbook', url: runbook, action_id: 'open_runbook' }] : []),
  ];
  if (links.length === 0) return [];
  return [
    { type: 'context', elements: [{ type: 'mrkdwn', text: links.map((l) => `<${l.url}|${l.label}>`).join(' · ') }] },
    {
      type: 'actions',
      elements: links.map((l) => ({ type: 'button', text: { type: 'plain_text', text: l.label }, url: l.url, action_id: l.action_id })),
    },
  ];
}
