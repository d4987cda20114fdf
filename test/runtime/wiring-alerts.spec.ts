import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Finding } from '../../src/domain/finding.js';
import { createHttpClient } from '../../src/http/client.js';
import { createAlertWiring } from '../../src/runtime/wiring/alerts.js';
import { silentLogger, tempStore } from './helpers.js';

const down = (target: string): Finding => ({
  kind: 'availability.error',
  severity: 'warning',
  target,
  canary: 'tokens-short',
  subject: 'http_5xx',
  summary: `${target}: 2 of 2 requests failed`,
  evidence: {},
  action: 'check the provider',
  detectedAt: '2026-01-01T00:00:00.000Z',
});

describe('src/runtime/wiring/alerts.ts', () => {
  it('runs that finish within the batch window reach the lifecycle as one cycle: a provider outage is one alert', async () => {
    const { store, dir } = await tempStore();
    mkdirSync(join(dir, 'canaries'));
    writeFileSync(
      join(dir, 'tripline.yaml'),
      'providers:\n  oa: { type: openai, apiKey: k }\ntargets: [oa/a, oa/b]\nalerts:\n  channels: [{ type: console, minSeverity: warning }]\n',
    );
    const loaded = loadConfig(join(dir, 'tripline.yaml'), {});
    let t = 0;
    const screen = new PassThrough();
    let printed = '';
    screen.on('data', (d: Buffer) => (printed += d.toString()));
    const wiring = createAlertWiring({ loaded, store, http: createHttpClient(), logger: silentLogger(), stdout: screen, onSend: () => undefined, now: () => t });
    await wiring.process([down('oa/a')], [{ target: 'oa/a', canary: 'tokens-short' }]);
    await wiring.flush(); // inside the window: nothing applied yet
    expect(wiring.openAlerts()).toHaveLength(0);
    t = 500;
    await wiring.process([down('oa/b')], [{ target: 'oa/b', canary: 'tokens-short' }]);
    t = 5_000;
    await wiring.flush();
    const open = wiring.openAlerts();
    expect(open.map((a) => [a.kind, a.target])).toEqual([['availability.provider_down', 'oa']]);
    expect(printed.match(/^== /gm)).toHaveLength(1);
    await store.close();
  });
});
