import { parse, validateDetailed } from 'node-cron';
import type { ParsedFields } from 'node-cron';

/** Why a cron expression (5 fields, or 6 with leading seconds) is invalid, or null when it is valid. */
export function cronError(expression: string): string | null {
  let detailed;
  try {
    detailed = validateDetailed(expression);
  } catch (err) {
    return `invalid cron expression "${expression}": ${err instanceof Error ? err.message : String(err)}`;
  }
  if (detailed.valid) {
    // validateDetailed accepts some impossible dates (31 2 *) that parse rejects.
    try {
      parse(expression);
      return null;
    } catch (err) {
      return `invalid cron expression "${expression}": ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const why = detailed.errors.map((e) => e.message).join('; ');
  return `invalid cron expression "${expression}"${why ? `: ${why}` : ''}`;
}

/** Days in the sample year used to average day-of-month / day-of-week restrictions. */
const SAMPLE_YEAR = 2025;

/**
 * Average runs per day of a valid cron expression: runs on a matching day (seconds x minutes x hours)
 * times the fraction of days of a sample year that match month, day of month and day of week
 * (both day fields must match, as node-cron does). Throws on an invalid expression.
 */
export function cronRunsPerDay(expression: string): number {
  const f = parse(expression);
  const perDay = f.second.length * f.minute.length * f.hour.length;
  let days = 0;
  let matching = 0;
  for (let d = new Date(Date.UTC(SAMPLE_YEAR, 0, 1)); d.getUTCFullYear() === SAMPLE_YEAR; ) {
    days++;
    if (dayMatches(f, d)) matching++;
    d = new Date(d.getTime() + 86_400_000);
  }
  return (perDay * matching) / days;
}

function dayMatches(f: ParsedFields, d: Date): boolean {
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const weekday = d.getUTCDay();
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!f.month.includes(month)) return false;
  const domOk = f.dayOfMonth.some((v) => (typeof v === 'number' ? v === day : domTokenMatches(v, day, last, weekday)));
  const dowOk = f.dayOfWeek.some((v) => (typeof v === 'number' ? v % 7 === weekday : dowTokenMatches(v, day, last, weekday)));
  return domOk && dowOk;
}

/** `L`, `L-n`; `nW`/`LW` are approximated by the day itself (an estimate, not the scheduler). */
function domTokenMatches(token: string, day: number, last: number, _weekday: number): boolean {
  if (token === 'L' || token === 'LW') return day === last;
  const offset = /^L-(\d{1,2})$/.exec(token);
  if (offset?.[1]) return day === last - Number(offset[1]);
  const w = /^(\d{1,2})W$/.exec(token);
  return w?.[1] !== undefined && Number(w[1]) === day;
}

/** `nL` (last weekday n of the month) and `n#k` (k-th weekday n). */
function dowTokenMatches(token: string, day: number, last: number, weekday: number): boolean {
  const lastOf = /^([0-7])L$/i.exec(token);
  if (lastOf?.[1]) return Number(lastOf[1]) % 7 === weekday && day + 7 > last;
  const nth = /^([0-7])#([1-5])$/.exec(token);
  if (nth?.[1] && nth[2]) return Number(nth[1]) % 7 === weekday && Math.floor((day - 1) / 7) + 1 === Number(nth[2]);
  return false;
}
