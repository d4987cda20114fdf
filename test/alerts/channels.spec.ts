import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../src/alerts/channels/registry.js';
import { EmailConfig } from '../../src/alerts/channels/email/schema.js';
import { PagerDutyConfig } from '../../src/alerts/channels/pagerduty/schema.js';
import { SlackConfig } from '../../src/alerts/channels/slack/schema.js';
import { WebhookConfig } from '../../src/alerts/channels/webhook/schema.js';
import type { ChannelDeps } from '../../src/alerts/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { startPagerDutyStandIn, type PagerDutyStandIn } from '../support/pagerduty-stand-in.js';
import { startSlackStandIn, type SlackStandIn } from '../support/slack-stand-in.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { captureStream, event, tokensFinding } from './helpers.js';

const TOKEN = 'xoxb-test-token-5f2e9a';
const SMTP_PASSWORD = 'smtp-pw-7c1d!x';
const HOOK_SECRET = 'whsec-3b8a71d2';
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdef012345';

let slack: SlackStandIn;
let smtp: SmtpSink;
let hook: WebhookReceiver;
let pd: PagerDutyStandIn;
const deps = (over: Partial<ChannelDeps> = {}): ChannelDeps => ({
  http: createHttpClient(),
  stdout: captureStream().stream,
  now: Date.now,
  timeoutMs: 3000,
  ...over,
});

beforeAll(async () => {
  [slack, smtp, hook, pd] = await Promise.all([
    startSlackStandIn(),
    startSmtpSink('tripline', SMTP_PASSWORD),
    startWebhookReceiver(HOOK_SECRET),
    startPagerDutyStandIn(),
  ]);
});
afterAll(async () => {
  await Promise.all([slack.close(), smtp.close(), hook.close(), pd.close()]);
});

describe('src/alerts/channels (against local servers)', () => {
  it('slack: posts, threads the update, resolves by editing the opening and replying', async () => {
    const config = SlackConfig.parse({ type: 'slack', token: TOKEN, channel: '#llm-contracts', apiUrl: slack.apiUrl });
    const opened = await channels.slack.send(channels.slack.render(event()), config, deps());
    expect(opened).toEqual({ ok: true, ref: expect.stringMatching(/^C0TRIPLINE\|1700000000\.\d{6}$/) });
    const ref = opened.ok ? opened.ref : undefined;
    const ts = ref?.split('|')[1];
    await channels.slack.send(channels.slack.render(event({ type: 'updated' })), config, deps({ threadRef: ref }));
    await channels.slack.send(channels.slack.render(event({ type: 'resolved' })), config, deps({ threadRef: ref }));
    expect(slack.calls.map((c) => [c.method, c.body['thread_ts'] ?? c.body['ts'] ?? null])).toEqual([
      ['chat.postMessage', null],
      ['chat.postMessage', ts],
      ['chat.update', ts],
      ['chat.postMessage', ts],
    ]);
    expect(slack.calls[0]?.body).toEqual({ channel: '#llm-contracts', ...channels.slack.render(event()).message });
    expect(slack.calls[2]?.body['channel']).toBe('C0TRIPLINE');
    expect(slack.calls[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(slack.calls.map((c) => c.raw).join('\n')).not.toContain(TOKEN);
  });

  it('slack: provider text with *, `, _, ~, <, >, & arrives verbatim (no formatting) in text and in every block', async () => {
    const config = SlackConfig.parse({ type: 'slack', token: TOKEN, channel: '#c', apiUrl: slack.apiUrl });
    const hostile = tokensFinding({
      kind: 'deprecation.announced',
      target: 'openai/*gpt*_x_`4o`~old~',
      subject: 'gpt',
      summary: 'model *gpt* reports `4o` and _x_ ~old~ <!channel> & co',
      action: 'Move off *gpt* now; run `tripline deprecations --all`',
    });
    const before = slack.calls.length;
    await channels.slack.send(channels.slack.render(event({ finding: hostile })), config, deps());
    const body = slack.calls[before]?.body ?? {};
    const plain = (c: string) => `<!date^00000000^{_}|${c}>`;
    const target = `openai/${plain('*')}gpt${plain('*')}${plain('_')}x${plain('_')}${plain('`')}4o${plain('`')}${plain('~')}old${plain('~')}`;
    expect(body['text']).toBe(`WARNING deprecation.announced on ${target} (tokens-short)`);
    const blocks = body['blocks'] as { text?: { text: string } }[];
    expect(blocks[1]?.text?.text).toBe(
      `*What changed:* model ${plain('*')}gpt${plain('*')} reports ${plain('`')}4o${plain('`')} and ${plain('_')}x${plain('_')} ${plain('~')}old${plain('~')} &lt;!channel&gt; &amp; co\n*Since:* 2025-06-01T12:00:00.000Z`,
    );
    expect(blocks[4]?.text?.text).toBe(`*Action:* Move off ${plain('*')}gpt${plain('*')} now; run \`tripline deprecations --all\``);
    // The header block is plain_text: Slack never formats it, so it shows the raw name.
    expect(blocks[0]?.text?.text).toBe('WARNING deprecation.announced on openai/*gpt*_x_`4o`~old~ (tokens-short)');
  });

  it('slack: a 500 is a retryable failure value without the token', async () => {
    const config = SlackConfig.parse({ type: 'slack', token: TOKEN, channel: '#c', apiUrl: slack.apiUrl });
    slack.failWith(500);
    const result = await channels.slack.send(channels.slack.render(event()), config, deps());
    slack.failWith(null);
    expect(result).toEqual({ ok: false, retryable: true, error: 'slack HTTP 500' });
  });

  it('email: SMTP with AUTH, subject and text parts as rendered, follow-ups reply to the opening', async () => {
    const config = EmailConfig.parse({
      type: 'email',
      url: `smtp://tripline:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${smtp.port}`,
      from: 'tripline@example.com',
      to: ['platform@example.com'],
    });
    const payload = channels.email.render(event());
    const opened = await channels.email.send(payload, config, deps());
    expect(opened.ok).toBe(true);
    const update = await channels.email.send(channels.email.render(event({ type: 'updated' })), config, deps({ threadRef: opened.ok ? opened.ref : undefined }));
    expect(update.ok).toBe(true);
    const [first, second] = smtp.mails;
    expect(first?.user).toBe('tripline');
    expect(first?.to).toEqual(['platform@example.com']);
    expect(first?.subject).toBe('[tripline] WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short)');
    expect(first?.text).toBe(payload.text);
    expect(first?.html).toBe(payload.html);
    expect(second?.headers['in-reply-to']).toBe(opened.ok ? opened.ref : '');
    expect(smtp.mails.map((m) => m.raw).join('\n')).not.toContain(SMTP_PASSWORD);
  });

  it('email: a refused connection is retryable and does not quote the URL or password', async () => {
    const config = EmailConfig.parse({ type: 'email', url: `smtp://tripline:${SMTP_PASSWORD}@127.0.0.1:1`, from: 'a@b.c', to: ['d@e.f'] });
    const result = await channels.email.send(channels.email.render(event()), config, deps());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.retryable).toBe(true);
    expect(JSON.stringify(result)).not.toContain(SMTP_PASSWORD);
  });

  it('webhook: signed body verifies at the receiver; a 500 is retryable', async () => {
    const config = WebhookConfig.parse({ type: 'webhook', url: hook.url, secret: HOOK_SECRET });
    const body = channels.webhook.render(event());
    expect(await channels.webhook.send(body, config, deps())).toEqual({ ok: true });
    const got = hook.deliveries[0];
    expect(got?.verified).toBe(true);
    expect(got?.body).toEqual(body);
    expect(got?.headers['x-tripline-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(got?.raw).not.toContain(HOOK_SECRET);
    hook.respondWith(500);
    expect(await channels.webhook.send(body, config, deps())).toEqual({ ok: false, retryable: true, error: 'webhook: HTTP 500' });
    hook.respondWith(400);
    expect(await channels.webhook.send(body, config, deps())).toEqual({ ok: false, retryable: false, error: 'webhook: HTTP 400' });
    hook.respondWith(200);
  });

  it('webhook: a replayed (old) timestamp fails verification', async () => {
    const config = WebhookConfig.parse({ type: 'webhook', url: hook.url, secret: HOOK_SECRET });
    await channels.webhook.send(channels.webhook.render(event()), config, deps({ now: () => Date.now() - 3_600_000 }));
    expect(hook.deliveries.at(-1)?.verified).toBe(false);
  });

  it('pagerduty: Events API v2 trigger and resolve bodies', async () => {
    const config = PagerDutyConfig.parse({ type: 'pagerduty', routingKey: ROUTING_KEY, apiUrl: pd.apiUrl });
    expect(await channels.pagerduty.send(channels.pagerduty.render(event()), config, deps())).toEqual({ ok: true });
    expect(await channels.pagerduty.send(channels.pagerduty.render(event({ type: 'resolved' })), config, deps())).toEqual({ ok: true });
    expect(pd.events[0]).toEqual({ routing_key: ROUTING_KEY, ...channels.pagerduty.render(event()) });
    expect(pd.events[1]).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: 'tripline|openai/gpt-4o-mini|tokens-short|tokens.input_changed|',
    });
  });

  it('console: writes the block to the injected stream', async () => {
    const out = captureStream();
    expect(await channels.console.send(channels.console.render(event()), { type: 'console', minSeverity: 'info' }, deps({ stdout: out.stream }))).toEqual({ ok: true });
    expect(out.text()).toBe(channels.console.render(event()));
  });
});
