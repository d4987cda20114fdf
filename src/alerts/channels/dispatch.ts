import type { ChannelConfig } from '../schema.js';
import type { AlertChannel, AlertEvent, ChannelDeps, SendResult } from '../types.js';
import { channels } from './registry.js';

/** The name a channel goes by in the outbox, routing and `alerts test --channel`. */
export function channelName(config: ChannelConfig): string {
  return config.name ?? config.type;
}

/** The registered channel that handles this config entry. */
export function channelFor(config: ChannelConfig): AlertChannel<ChannelConfig, unknown> {
  // TypeScript cannot correlate `channels[config.type]` with `config`; the union schema guarantees it.
  return channels[config.type] as AlertChannel<ChannelConfig, unknown>;
}

/** Renders and sends one event on one configured channel; never throws. */
export async function deliver(event: AlertEvent, config: ChannelConfig, deps: ChannelDeps): Promise<SendResult> {
  try {
    const channel = channelFor(config);
    return await channel.send(channel.render(event, config), config, deps);
  } catch (error) {
    // A channel bug must not stop the outbox; the message is redacted by the caller.
    return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
  }
}
