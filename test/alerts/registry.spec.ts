import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channels } from '../../src/alerts/channels/registry.js';
import { ChannelConfig } from '../../src/alerts/schema.js';

const dir = join(import.meta.dirname, '../../src/alerts/channels');

describe('src/alerts/channels/registry.ts', () => {
  it('has one entry per channel folder, keyed by the folder name', () => {
    const folders = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory()).sort();
    expect(Object.keys(channels).sort()).toEqual(folders);
  });

  it.each(Object.entries(channels))('%s: id equals its key and its config type', (key, channel) => {
    expect(channel.id).toBe(key);
    expect(ChannelConfig.options.map((o) => o.shape.type.value)).toContain(key);
  });

  it('every folder has index.ts and schema.ts', () => {
    for (const key of Object.keys(channels)) {
      expect(readdirSync(join(dir, key))).toEqual(expect.arrayContaining(['index.ts', 'schema.ts']));
    }
  });
});
