import { describe, expect, it } from 'vitest';
import { cronError, cronRunsPerDay } from '../../src/domain/cron.js';

describe('src/config/cron.ts', () => {
  it.each([
    ['*/30 * * * *', 48],
    ['0 */6 * * *', 4],
    ['*/10 * * * * *', 8640],
    ['0 0 * * *', 1],
    ['@hourly', 24],
    ['0 9 * * 1-5', 261 / 365],
    ['0 0 1 * *', 12 / 365],
    ['0 0 L * *', 12 / 365],
    ['0 0 * * 5L', 12 / 365],
    ['0 0 * * 1#1', 12 / 365],
    ['0 12 * 2 *', 28 / 365],
  ])('cronRunsPerDay(%j)', (expression, expected) => {
    expect(cronRunsPerDay(expression)).toBeCloseTo(expected, 6);
  });

  it.each(['*/30 * * * *', '0 */6 * * *', '*/5 * * * * *', '0 9 * * MON-FRI'])('accepts %j', (expression) => {
    expect(cronError(expression)).toBeNull();
  });

  it.each([
    ['every hour', /^invalid cron expression "every hour"/],
    ['61 * * * *', /minute/],
    ['* * * *', /^invalid cron expression/],
    ['0 0 31 2 *', /impossible/],
  ])('rejects %j', (expression, message) => {
    expect(cronError(expression)).toMatch(message);
  });
});
