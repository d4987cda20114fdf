import { describe, expect, it } from 'vitest';
import { AlertsConfig } from '../../src/alerts/schema.js';
import { TriplineConfig } from '../../src/config/schema.js';

describe('src/alerts/schema.ts', () => {
  it('defaults: console only, resolve after 2 cycles, daily reminders, no flap window, bounded retries', () => {
    expect(AlertsConfig.parse({})).toEqual({
      channels: [{ type: 'console', minSeverity: 'info' }],
      silences: [],
      maintenance: [],
      resolveAfterCycles: 2,
      remindEveryMinutes: 1440,
      flap: { openAfter: 1, window: 1 },
      retry: { baseBackoffSeconds: 30, maxBackoffSeconds: 900, maxAttempts: 200 },
      fallbackAfterFailures: 5,
    });
  });

  it('is the alerts block of tripline.yaml (one source of truth)', () => {
    const parsed = TriplineConfig.parse({
      providers: { openai: { type: 'openai' } },
      targets: ['openai/gpt-4o-mini'],
      alerts: { channels: [{ type: 'slack', token: 'x', channel: '#c' }], flap: { openAfter: 2, window: 3 } },
    });
    expect(parsed.alerts?.channels[0]).toEqual({ type: 'slack', token: 'x', channel: '#c', apiUrl: 'https://slack.com/api/', minSeverity: 'warning' });
    expect(parsed.alerts?.flap).toEqual({ openAfter: 2, window: 3 });
  });

  it.each([
    [{ maintenance: [{ cron: '0 2 * * 0' }] }, 'maintenance.0', 'cron + duration, or start + end'],
    [{ maintenance: [{ cron: '99 2 * * 0', duration: '2h' }] }, 'maintenance.0.cron', 'invalid cron expression'],
    [{ maintenance: [{ cron: '0 2 * * 0', duration: '2h', timezone: 'Mars/Base' }] }, 'maintenance.0.timezone', 'unknown IANA time zone'],
    [{ channels: [{ type: 'webhook', url: 'http://x', secret: 's', match: { model: ['x'] } }] }, 'channels.0.match', 'Unrecognized key'],
    [{ flap: { openAfter: 3, window: 2 } }, 'flap', 'openAfter must not exceed window'],
  ])('rejects %j at %s', (input, path, message) => {
    const r = AlertsConfig.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toContain(message);
  });
});
