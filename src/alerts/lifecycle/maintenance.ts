import { parse, type ParsedFields } from 'node-cron';
import type { MaintenanceWindow } from '../schema.js';
import { durationMs } from '../duration.js';

const MINUTE = 60_000;

interface WallClock {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock fields of an instant in an IANA time zone. */
function wallClock(ms: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    minute: Number(get('minute')),
    hour: Number(get('hour')),
    day: Number(get('day')),
    month: Number(get('month')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
  };
}

/** Numeric cron fields only; `L`/`#` tokens in day fields never match (documented limitation). */
function cronMatches(f: ParsedFields, c: WallClock): boolean {
  const dayOk = (list: (number | string)[], v: number, mod: number): boolean =>
    list.some((x) => typeof x === 'number' && x % mod === v % mod);
  return (
    f.minute.includes(c.minute) &&
    f.hour.includes(c.hour) &&
    f.month.includes(c.month) &&
    dayOk(f.dayOfMonth, c.day, 100) &&
    dayOk(f.dayOfWeek, c.weekday, 7)
  );
}

/** True while `nowMs` is inside the window: [start, end), or within `duration` after a cron start. */
export function maintenanceActive(w: MaintenanceWindow, nowMs: number): boolean {
  if (w.start !== undefined && w.end !== undefined) {
    return Date.parse(w.start) <= nowMs && nowMs < Date.parse(w.end);
  }
  if (w.cron === undefined || w.duration === undefined) return false;
  let fields: ParsedFields;
  try {
    fields = parse(w.cron);
  } catch {
    return false;
  }
  const length = durationMs(w.duration);
  const zone = w.timezone ?? 'UTC';
  for (let t = Math.floor(nowMs / MINUTE) * MINUTE; nowMs - t < length; t -= MINUTE) {
    if (cronMatches(fields, wallClock(t, zone))) return true;
  }
  return false;
}
