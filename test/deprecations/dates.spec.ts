import { describe, expect, it } from 'vitest';
import { daysBetween, formatDate, isFirm, parseDate, sameDate } from '../../src/deprecations/dates.js';

describe('src/deprecations/dates.ts', () => {
  it.each([
    // [text as the page writes it, iso, precision]
    ['2026-10-20', '2026-10-20', 'day'],
    ['2026\u201103\u201126', '2026-03-26', 'day'], // U+2011 non-breaking hyphens (OpenAI)
    ['October 22, 2025', '2025-10-22', 'day'],
    ['Oct 22, 2025', '2025-10-22', 'day'],
    ['Sept 24, 2025', '2025-09-24', 'day'],
    ['Mar 1, 2026 (us-east-1, us-east-2, and us-west-2 Regions)', '2026-03-01', 'day'],
    ['July 15th, 2025 (all Regions)', '2025-07-15', 'day'],
    ['June 05, 2025', '2025-06-05', 'day'],
    ['22 October 2025', '2025-10-22', 'day'],
    ['9/23/2024', '2024-09-23', 'day'],
    ['2025/03/30', '2025-03-30', 'day'],
    ['Retirement Date: January 27, 2025', '2025-01-27', 'day'],
    ['February 13, 2025 Deployments set to Auto-update will be upgraded starting on January 13, 2025.', '2025-02-13', 'day'],
    ['February 2026', '2026-02', 'month'],
    ['May 2023', '2023-05', 'month'],
    ['in October, 2025', '2025-10', 'month'],
    ['Earliest February 2026', '2026-02', 'earliest-month'],
    ['Not sooner than March 7, 2025', '2025-03-07', 'earliest-day'],
    ['No sooner than 9/23/2025', '2025-09-23', 'earliest-day'],
    ['No earlier than April 30, 2025', '2025-04-30', 'earliest-day'],
    ['Not before October 16, 2026', '2026-10-16', 'earliest-day'],
    ['at earliest 2024-06-13', '2024-06-13', 'earliest-day'],
    ['starting no sooner than January 27, 2025', '2025-01-27', 'earliest-day'],
    ['TBD', null, 'unknown'],
    ['NA', null, 'unknown'],
    ['N/A', null, 'unknown'],
    ['', null, 'unknown'],
    ['No shutdown date announced', null, 'unknown'],
    ['No retirement date announced', null, 'unknown'],
    ['2026-09-31', null, 'unknown'], // impossible day: never clamped
    ['February 30, 2026', null, 'unknown'],
    ['October 22, 20225', null, 'unknown'], // typo year
    ['2205-01-01', null, 'unknown'], // implausible year
    ['gpt-4 version turbo-2024-04-09', null, 'unknown'], // a model id, not a date
  ] as const)('%j → %s (%s)', (text, iso, precision) => {
    const d = parseDate(text);
    expect(d).toMatchObject({ text, iso, precision });
  });

  it('keeps the reason when a date-looking text is not read', () => {
    expect(parseDate('2026-09-31').problem).toMatch(/impossible date "2026-09-31"/);
    expect(parseDate('October 22, 20225').problem).toMatch(/implausible year/);
    expect(parseDate('TBD').problem).toBeUndefined();
  });

  it('reads month and day with the year of the release note they appear in', () => {
    expect(parseDate('November 12', { defaultYear: 2025 })).toMatchObject({ iso: '2025-11-12', precision: 'day' });
    expect(parseDate('December 2nd', { defaultYear: 2025 })).toMatchObject({ iso: '2025-12-02', precision: 'day' });
    expect(parseDate('November 12')).toMatchObject({ iso: null, precision: 'unknown' });
  });

  it('compares by meaning, not spelling', () => {
    expect(sameDate(parseDate('2026\u201103\u201126'), parseDate('2026-03-26'))).toBe(true);
    expect(sameDate(parseDate('Not before 2026-03-26'), parseDate('2026-03-26'))).toBe(false);
    expect(sameDate(parseDate('TBD'), parseDate('N/A'))).toBe(true);
    expect(daysBetween(parseDate('2026-10-20'), parseDate('2026-08-20'))).toBe(-61);
    expect(daysBetween(parseDate('February 2026'), parseDate('2026-02-15'))).toBe(14);
  });

  it('calls only days and months firm, and formats for people', () => {
    expect(isFirm(parseDate('2026-10-20'))).toBe(true);
    expect(isFirm(parseDate('February 2026'))).toBe(true);
    expect(isFirm(parseDate('Earliest February 2026'))).toBe(false);
    expect(isFirm(parseDate('TBD'))).toBe(false);
    expect(formatDate(parseDate('Not before October 16, 2026'))).toBe('not before 2026-10-16');
    expect(formatDate(parseDate('TBD'))).toBe('"TBD"');
    expect(formatDate(undefined)).toBe('none');
  });
});
