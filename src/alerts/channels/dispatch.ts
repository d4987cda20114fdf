import type { ChannelConfig } from '../schema.js';
import type { AlertEvent, ChannelDeps, SendResult } from '../types.js';
import { channels } from './registry.js';

/** The name a channel goes by in the outbox, routing and `alerts test --channel`. */
export function channelName(config: ChannelConfig): string {
  return config.name ?? config.type;
}

/** Renders and sends one event on one configured channel; never throws. */
export async function deliver(event: AlertEvent, config: ChannelConfig, deps: ChannelDeps): Promise<SendResult> {
  try {
    switch (config.type) {
      case 'console':
        return await channels.console.send(channels.console.render(event), config, deps);
      case 'slack':
        return await channels.slack.send(channels.slack.render(event), config, deps);
      case 'email':
        return await channels.email.send(channels.email.render(event), config, deps);
      case 'webhook':
        return await channels.webhook.send(channels.webhook.render(event), config, deps);
      case 'pagerduty':
        return await channels.pagerduty.send(channels.pagerduty.render(event), config, deps);
    }
  } catch (error) {
    // A channel bug must not stop the outbox; the message is redacted by the caller.
    return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
  }
}
