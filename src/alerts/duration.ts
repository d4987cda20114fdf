const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m`, `2h`, `1d`, `90s` in milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m?.[1] || !m[2]) return null;
  const unit = m[2];
  if (unit !== 's' && unit !== 'm' && unit !== 'h' && unit !== 'd') return null;
  return Number(m[1]) * UNIT_MS[unit];
}

/** Like parseDuration for values already validated by the config schema (0 when malformed). */
export function durationMs(text: string): number {
  return parseDuration(text) ?? 0;
}
