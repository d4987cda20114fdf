import cron from 'node-cron';

/** True when node-cron accepts the expression (5 fields, or 6 with a leading seconds field). */
export function isValidSchedule(expression: string): boolean {
  return cron.validate(expression);
}

/** The next `count` fire times of an expression after now, in the given IANA timezone. */
export function nextFireTimes(expression: string, count: number, timezone?: string): Date[] {
  const task = cron.createTask(expression, () => undefined, timezone ? { timezone } : {});
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}

/** The smallest gap between the next few fire times: the schedule's effective interval. */
export function scheduleIntervalMs(expression: string, timezone?: string): number {
  const times = nextFireTimes(expression, 4, timezone).map((d) => d.getTime());
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (gap > 0 && gap < smallest) smallest = gap;
  }
  return Number.isFinite(smallest) ? smallest : 60_000;
}
