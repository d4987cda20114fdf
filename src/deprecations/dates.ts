import type { DatePrecision, ParsedDate } from './schema.js';

export type { ParsedDate } from './schema.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const ORD = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;

/** Years a lifecycle page can plausibly mean; outside is a typo ("20255", "2205"). */
const MIN_YEAR = 2015;
const MAX_YEAR = 2049;

type Shape = 'ymd' | 'mdy' | 'dmy' | 'monthDayYear' | 'dayMonthYear' | 'monthYear' | 'monthDay';

const PATTERNS: { shape: Shape; re: RegExp }[] = [
  { shape: 'ymd', re: /(?<![\w-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/ },
  { shape: 'mdy', re: /(?<![\w/])(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/ },
  { shape: 'monthDayYear', re: new RegExp(String.raw`\b${MONTH}\s+${ORD},?\s+(\d{4,5})\b`, 'i') },
  { shape: 'dayMonthYear', re: new RegExp(String.raw`\b${ORD}\s+${MONTH},?\s+(\d{4,5})\b`, 'i') },
  { shape: 'monthYear', re: new RegExp(String.raw`\b${MONTH},?\s+(\d{4,5})\b`, 'i') },
  { shape: 'monthDay', re: new RegExp(String.raw`\b${MONTH}\s+${ORD}\b(?![,\s]*\d{4})`, 'i') },
];

const EARLIEST = /\b(earliest|not sooner than|no sooner than|no earlier than|not before)\b/i;

/** Unicode hyphens (U+2010..U+2013, U+2212), no-break and zero-width spaces normalised to ASCII. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u2010-\u2013\u2212]/g, '-')
    .replace(/[\u00a0\u202f\u2007]/g, ' ')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface ParseDateOptions {
  /** Year for texts that name only month and day ("November 12" in a release note dated 2025). */
  defaultYear?: number;
}

/**
 * Reads the first date in a cell as pages write it: ISO (also with non-breaking hyphens),
 * `2025/03/30`, `9/23/2024`, "October 22, 2025", "Oct 22, 2025", "July 15th, 2025 (all Regions)",
 * "February 2026", with "Earliest / Not before / No sooner than / at earliest" as a lower bound.
 * "TBD", "N/A", "No shutdown date announced" and impossible dates read as precision `unknown`.
 */
export function parseDate(text: string, opts: ParseDateOptions = {}): ParsedDate {
  const clean = normalizeText(text);
  const unknown = (problem?: string): ParsedDate =>
    problem === undefined ? { text, iso: null, precision: 'unknown' } : { text, iso: null, precision: 'unknown', problem };
  let best: { shape: Shape; m: RegExpExecArray } | null = null;
  for (const { shape, re } of PATTERNS) {
    const m = re.exec(clean);
    if (m && (best === null || m.index < best.m.index)) best = { shape, m };
  }
  if (best === null) return unknown();
  const parts = fields(best.shape, best.m, opts.defaultYear);
  if (parts === null) return unknown();
  const { year, month, day } = parts;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return unknown(`implausible year in "${best.m[0]}"`);
  if (month < 1 || month > 12) return unknown(`impossible month in "${best.m[0]}"`);
  if (day !== null && day > daysInMonth(year, month)) return unknown(`impossible date "${best.m[0]}"`);
  if (day !== null && day < 1) return unknown(`impossible date "${best.m[0]}"`);
  const earliest = EARLIEST.test(clean.slice(0, best.m.index + best.m[0].length));
  const iso = day === null ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
  const precision: DatePrecision = day === null ? (earliest ? 'earliest-month' : 'month') : earliest ? 'earliest-day' : 'day';
  return { text, iso, precision };
}

function fields(shape: Shape, m: RegExpExecArray, defaultYear?: number): { year: number; month: number; day: number | null } | null {
  const n = (i: number): number => Number(m[i]);
  const mon = (i: number): number => MONTHS.indexOf((m[i] ?? '').slice(0, 3).toLowerCase()) + 1;
  switch (shape) {
    case 'ymd':
      return { year: n(1), month: n(2), day: n(3) };
    case 'mdy':
      return { year: n(3), month: n(1), day: n(2) };
    case 'monthDayYear':
      return { year: n(3), month: mon(1), day: n(2) };
    case 'dayMonthYear':
      return { year: n(3), month: mon(2), day: n(1) };
    case 'monthYear':
      return { year: n(2), month: mon(1), day: null };
    case 'monthDay':
      return defaultYear === undefined ? null : { year: defaultYear, month: mon(1), day: n(2) };
    default:
      return null;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** True for a date a migration can be planned against: a day or a month, not a lower bound. */
export function isFirm(d: ParsedDate | undefined): d is ParsedDate & { iso: string } {
  return d !== undefined && d.iso !== null && (d.precision === 'day' || d.precision === 'month');
}

/** The first day the date can mean, as epoch milliseconds (a month counts from its 1st); null when unknown. */
export function dateStartMs(d: ParsedDate | undefined): number | null {
  if (d === undefined || d.iso === null) return null;
  const [y, m, day] = d.iso.split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, day ?? 1);
}

/** Same meaning: equal ISO value and precision (spelling changes such as U+2011 hyphens do not count). */
export function sameDate(a: ParsedDate | undefined, b: ParsedDate | undefined): boolean {
  return (a?.iso ?? null) === (b?.iso ?? null) && (a?.iso == null || a.precision === b?.precision);
}

/** Whole days from `a` to `b` (positive when `b` is later); null when either is unknown. */
export function daysBetween(a: ParsedDate | undefined, b: ParsedDate | undefined): number | null {
  const x = dateStartMs(a);
  const y = dateStartMs(b);
  return x === null || y === null ? null : Math.round((y - x) / 86_400_000);
}

/** For people: `2026-10-20`, `2026-02`, `not before 2026-10-16`, or the page's text when unread. */
export function formatDate(d: ParsedDate | undefined): string {
  if (d === undefined) return 'none';
  if (d.iso === null) return d.text.trim() === '' ? 'none' : `"${normalizeText(d.text)}"`;
  return d.precision.startsWith('earliest') ? `not before ${d.iso}` : d.iso;
}
