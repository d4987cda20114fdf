import { describe, expect, it } from 'vitest';
import { channels } from '../../src/alerts/channels/registry.js';
import { ChannelConfig } from '../../src/alerts/schema.js';
import { channelSecrets } from '../../src/alerts/secrets.js';
import { itIsARegistryOfFolders } from '../support/registry.js';

/** Config field names that look like credentials; each must be declared in the channel's secretFields. */
const CREDENTIAL_NAME = /token|secret|key|password|credential/i;

describe('src/alerts/channels/registry.ts', () => {
  itIsARegistryOfFolders({ registry: channels, dir: 'src/alerts/channels' });

  it.each(Object.entries(channels))('%s: id equals its config type', (key) => {
    expect(ChannelConfig.options.map((o) => o.shape.type.value)).toContain(key);
  });

  it('builds the config union from exactly the registered channels', () => {
    expect(ChannelConfig.options.map((o) => o.shape.type.value).sort()).toEqual(Object.keys(channels).sort());
  });

  it.each(Object.entries(channels))('%s: declares every credential-looking config field secret', (_key, channel) => {
    const fields = Object.keys(channel.schema.shape).filter((f) => CREDENTIAL_NAME.test(f) && !f.endsWith('File'));
    expect(Object.keys(channel.secretFields)).toEqual(expect.arrayContaining(fields));
  });

  it('redacts what each channel declares', () => {
    const configs = ChannelConfig.array().parse([
      { type: 'slack', token: 'xoxb-slack-token', channel: '#c' },
      { type: 'webhook', url: 'https://hooks.example/in', secret: 'webhook-secret' },
      { type: 'pagerduty', routingKey: 'pd-routing-key' },
      { type: 'email', url: 'smtp://user:p%40ss@smtp.example', from: 'a@example.com', to: ['b@example.com'] },
      { type: 'console' },
    ]);
    expect(channelSecrets(configs).sort()).toEqual(['p%40ss', 'p@ss', 'pd-routing-key', 'webhook-secret', 'xoxb-slack-token'].sort());
  });
});
