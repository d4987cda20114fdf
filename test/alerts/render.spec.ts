import { describe, expect, it } from 'vitest';
import { channels } from '../../src/alerts/channels/registry.js';
import { trimText } from '../../src/alerts/templates.js';
import { event } from './helpers.js';

const HEADLINE = 'WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short)';
const ACTION =
  'Re-check cost forecasts and prompt cache keys. Accept with `tripline baseline --target openai/gpt-4o-mini` once understood.';
const IMPACT = 'Cost forecasts, context budgets and prompt-cache keys computed from token counts may be off.';
const SILENCE = 'tripline silence add --match target=openai/gpt-4o-mini --match kind=tokens.input_changed --for 2h --reason "<why>"';

describe('src/alerts/channels/*/render', () => {
  it('slack: Block Kit message naming target and kind, evidence in a code block, action, silence command', () => {
    expect(channels.slack.render(event())).toEqual({
      mode: 'post',
      message: {
        text: HEADLINE,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: HEADLINE, emoji: true } },
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: '*What changed:* input tokens for the same prompt rose 12% (100 -&gt; 112)\n*Since:* 2025-06-01T12:00:00.000Z',
            },
          },
          { type: 'section', text: { type: 'mrkdwn', text: '*Evidence*\n```before: 100\nafter:  112```' } },
          { type: 'section', text: { type: 'mrkdwn', text: `*Likely impact:* ${IMPACT}` } },
          { type: 'section', text: { type: 'mrkdwn', text: `*Action:* ${ACTION}` } },
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `Silence: \`${SILENCE.replace('<why>', '&lt;why&gt;')}\`` }],
          },
        ],
      },
    });
  });

  it('slack: updates reply in the thread; resolution replies and rewrites the opening message', () => {
    expect(channels.slack.render(event({ type: 'updated' })).mode).toBe('reply');
    const resolved = channels.slack.render(event({ type: 'resolved', resolution: 'cleared', at: '2025-06-01T13:00:00.000Z' }));
    expect(resolved.mode).toBe('resolve');
    expect(resolved.opening).toEqual({
      text: 'RESOLVED tokens.input_changed on openai/gpt-4o-mini (tokens-short)',
      blocks: [
        {
          type: 'header',
          text: { type: 'plain_text', text: 'RESOLVED tokens.input_changed on openai/gpt-4o-mini (tokens-short)', emoji: true },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              'Resolved: the condition has cleared. Was: input tokens for the same prompt rose 12% (100 -&gt; 112)\n*Resolved at:* 2025-06-01T13:00:00.000Z',
          },
        },
      ],
    });
  });

  it('slack: a long diff is trimmed to the section limit and says so', () => {
    const diff = Array.from({ length: 400 }, (_, i) => `+ line ${i} ${'x'.repeat(20)}`).join('\n');
    const e = event();
    const payload = channels.slack.render({ ...e, finding: { ...e.finding, evidence: { diff } } });
    const evidence = payload.message.blocks[2];
    expect(evidence?.type).toBe('section');
    const text = evidence?.type === 'section' ? evidence.text.text : '';
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/… \(\d+ more lines trimmed\)```$/);
  });

  it('email: subject names severity, kind, target and canary; plain text in full', () => {
    const mail = channels.email.render(event());
    expect(mail.subject).toBe('[tripline] WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short)');
    expect(mail.text).toBe(
      [
        HEADLINE,
        '',
        'What changed: input tokens for the same prompt rose 12% (100 -> 112)',
        'Since: 2025-06-01T12:00:00.000Z',
        '',
        'Evidence:',
        'before: 100',
        'after:  112',
        '',
        `Likely impact: ${IMPACT}`,
        `Action: ${ACTION}`,
        '',
        `Silence: ${SILENCE}`,
        '',
      ].join('\n'),
    );
    expect(mail.html).toContain('<h2>WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short)</h2>');
    expect(mail.html).toContain('<pre>before: 100\nafter:  112</pre>');
    expect(mail.reply).toBe(false);
  });

  it('webhook: the JSON body', () => {
    const e = event();
    expect(channels.webhook.render(e)).toEqual({
      version: 1,
      id: e.id,
      type: 'opened',
      alertKey: 'openai/gpt-4o-mini|tokens-short|tokens.input_changed|',
      headline: HEADLINE,
      whatChanged: 'input tokens for the same prompt rose 12% (100 -> 112)',
      openedAt: '2025-06-01T12:00:00.000Z',
      at: '2025-06-01T12:00:00.000Z',
      impact: IMPACT,
      action: ACTION,
      silenceCommand: SILENCE,
      finding: e.finding,
    });
  });

  it('pagerduty: trigger with dedup key and payload; resolve with the same key', () => {
    expect(channels.pagerduty.render(event())).toEqual({
      event_action: 'trigger',
      dedup_key: 'tripline|openai/gpt-4o-mini|tokens-short|tokens.input_changed|',
      payload: {
        summary: `${HEADLINE}: input tokens for the same prompt rose 12% (100 -> 112)`,
        source: 'openai/gpt-4o-mini',
        severity: 'warning',
        component: 'tokens-short',
        group: 'openai',
        class: 'tokens.input_changed',
        custom_details: {
          what_changed: 'input tokens for the same prompt rose 12% (100 -> 112)',
          since: '2025-06-01T12:00:00.000Z',
          evidence: 'before: 100\nafter:  112',
          impact: IMPACT,
          action: ACTION,
          silence: SILENCE,
        },
      },
    });
    expect(channels.pagerduty.render(event({ type: 'resolved' }))).toEqual({
      event_action: 'resolve',
      dedup_key: 'tripline|openai/gpt-4o-mini|tokens-short|tokens.input_changed|',
    });
  });

  it('console: a readable block', () => {
    expect(channels.console.render(event())).toBe(
      [
        `== ${HEADLINE}`,
        'what changed: input tokens for the same prompt rose 12% (100 -> 112)',
        'since 2025-06-01T12:00:00.000Z',
        'evidence:',
        '  before: 100',
        '  after:  112',
        `impact: ${IMPACT}`,
        `action: ${ACTION}`,
        `silence: ${SILENCE}`,
        '',
        '',
      ].join('\n'),
    );
  });

  it('every channel marks the test alert', () => {
    const test = event({ type: 'test', channel: 'slack' });
    expect(channels.slack.render(test).message.text).toBe('[TEST] tripline alert test — no action needed');
    expect(channels.email.render(test).subject).toBe('[tripline] [TEST] tripline alert test — no action needed');
    expect(channels.console.render(test)).toContain('[TEST] tripline alert test — no action needed');
    expect(channels.webhook.render(test).headline).toBe('[TEST] tripline alert test — no action needed');
  });

  it('the time is the event\'s own field in every channel: Since for an alert, Sent for a test message', () => {
    const opened = event({ openedAt: '2025-06-01T12:00:00.000Z', at: '2025-06-01T13:30:00.000Z', type: 'updated' });
    const test = event({ type: 'test', channel: 'slack', openedAt: '2025-06-01T12:00:00.000Z', at: '2025-06-02T08:15:00.000Z' });
    const slackLine = (e: typeof test): string | undefined => {
      const block = channels.slack.render(e).message.blocks[1];
      return block?.type === 'section' ? block.text.text.split('\n')[1] : undefined;
    };
    expect(slackLine(opened)).toBe('*Since:* 2025-06-01T12:00:00.000Z');
    expect(slackLine(test)).toBe('*Sent:* 2025-06-02T08:15:00.000Z');
    expect(channels.email.render(test).text).toContain('\nSent: 2025-06-02T08:15:00.000Z\n');
    expect(channels.email.render(opened).html).toContain('<b>Since:</b> 2025-06-01T12:00:00.000Z');
    expect(channels.console.render(test)).toContain('\nsent 2025-06-02T08:15:00.000Z\n');
    const details = (e: typeof test): Record<string, string> | undefined => {
      const pd = channels.pagerduty.render(e);
      return pd.event_action === 'trigger' ? pd.payload.custom_details : undefined;
    };
    expect(details(opened)).toMatchObject({ since: '2025-06-01T12:00:00.000Z' });
    expect(details(test)).toMatchObject({ sent: '2025-06-02T08:15:00.000Z' });
    expect(details(test)).not.toHaveProperty('since');
  });

  it('trimText keeps whole lines', () => {
    expect(trimText('a\nb', 10)).toBe('a\nb');
    expect(trimText(Array.from({ length: 50 }, () => 'abcdef').join('\n'), 60)).toBe('abcdef\nabcdef\n… (48 more lines trimmed)');
  });
});
