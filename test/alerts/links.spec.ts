import { describe, expect, it } from 'vitest';
import { channels } from '../../src/alerts/channels/registry.js';
import { alertLinks, findingPagePath } from '../../src/alerts/links.js';
import { event } from './helpers.js';

const KEY = 'openai/gpt-4o-mini|tokens-short|tokens.input_changed|';
const FINDING_URL = `https://tripline.example.com/finding?key=${encodeURIComponent(KEY)}`;
const RUNBOOK_URL = 'https://wiki.example.com/runbooks/tokens.input_changed?target=openai%2Fgpt-4o-mini';
const links = { finding: FINDING_URL, runbook: RUNBOOK_URL };

describe('src/alerts/links', () => {
  it('links the finding page under server.externalUrl (one trailing slash or none) and fills the first matching runbook template', () => {
    const config = {
      externalUrl: 'https://tripline.example.com/',
      runbookUrl: { 'shape.*': 'https://wiki.example.com/shape', 'tokens.*': 'https://wiki.example.com/runbooks/{kind}?target={target}', '*': 'https://wiki.example.com/any' },
    };
    expect(alertLinks(event(), config)).toEqual(links);
    expect(findingPagePath(KEY)).toBe(`/finding?key=${encodeURIComponent(KEY)}`);
  });

  it('without externalUrl there is no finding link; test and broken-notifier events have no links', () => {
    expect(alertLinks(event(), {})).toEqual({});
    expect(alertLinks(event({ type: 'test' }), { externalUrl: 'https://t.example.com' })).toEqual({});
  });

  it('slack: a link line and buttons to the finding page and runbook', () => {
    const blocks = channels.slack.render(event({ links })).message.blocks;
    expect(blocks.slice(-2)).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: `<${FINDING_URL}|Open finding> · <${RUNBOOK_URL}|Runbook>` }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Open finding' }, url: FINDING_URL, action_id: 'open_finding' },
          { type: 'button', text: { type: 'plain_text', text: 'Runbook' }, url: RUNBOOK_URL, action_id: 'open_runbook' },
        ],
      },
    ]);
    expect(JSON.stringify(channels.slack.render(event()).message.blocks)).not.toContain('actions');
  });

  it('email, pagerduty and webhook carry the links', () => {
    const mail = channels.email.render(event({ links }));
    expect(mail.text).toContain(`Finding: ${FINDING_URL}\nRunbook: ${RUNBOOK_URL}`);
    expect(mail.html).toContain(`<a href="${FINDING_URL.replace(/&/g, '&amp;')}">Open the finding</a>`);
    expect(channels.pagerduty.render(event({ links }))).toMatchObject({
      links: [{ href: FINDING_URL, text: 'tripline finding' }, { href: RUNBOOK_URL, text: 'Runbook' }],
      client: 'tripline',
      client_url: FINDING_URL,
    });
    expect(channels.webhook.render(event({ links }))).toMatchObject({ url: FINDING_URL, runbookUrl: RUNBOOK_URL });
    expect(channels.webhook.render(event())).not.toHaveProperty('url');
  });
});
