/** What the bench reads from the daemon's /metrics. */
export interface Scrape {
  /** Runs by result (ok, recorded, unavailable, skipped, error, overlap_skipped), summed over pairs. */
  runs: Record<string, number>;
  /** Cumulative buckets of `tripline_scheduler_lag_seconds`: [upper bound, count]. */
  lag: [number, number][];
  /** Cumulative buckets of `tripline_scheduler_queue_wait_seconds`. */
  queueWait: [number, number][];
  /** Bytes of the exposition text. */
  bytes: number;
}

const BUCKET = /^(\w+)_bucket\{le="([^"]+)"\} (\d+)/;
const RUNS = /^tripline_runs_total\{.*result="([^"]+)".*\} (\d+(?:\.\d+)?)/;

/** GETs /metrics and sums what the bench reports. */
export async function scrape(address: string): Promise<Scrape> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  const out: Scrape = { runs: {}, lag: [], queueWait: [], bytes: text.length };
  for (const line of text.split('\n')) {
    const r = RUNS.exec(line);
    if (r) {
      const result = r[1] ?? '';
      out.runs[result] = (out.runs[result] ?? 0) + Number(r[2]);
      continue;
    }
    const b = BUCKET.exec(line);
    if (!b) continue;
    const bound = b[2] === '+Inf' ? Infinity : Number(b[2]);
    if (b[1] === 'tripline_scheduler_lag_seconds') out.lag.push([bound, Number(b[3])]);
    if (b[1] === 'tripline_scheduler_queue_wait_seconds') out.queueWait.push([bound, Number(b[3])]);
  }
  return out;
}

/** Runs that went through the pipeline (every result but overlap_skipped). */
export function runsDone(s: Scrape): number {
  return Object.entries(s.runs).reduce((n, [result, v]) => (result === 'overlap_skipped' ? n : n + v), 0);
}

/** The upper bound of the bucket holding quantile q: "p99 <= x s". */
export function quantileBound(buckets: readonly [number, number][], q: number): number {
  const count = buckets.at(-1)?.[1] ?? 0;
  if (count === 0) return NaN;
  return buckets.find(([, n]) => n >= count * q)?.[0] ?? NaN;
}

/** Observations in a histogram. */
export const countOf = (buckets: readonly [number, number][]): number => buckets.at(-1)?.[1] ?? 0;

/** The observations between two readings of one histogram (cumulative buckets subtract). */
export function since(now: readonly [number, number][], before: readonly [number, number][]): [number, number][] {
  return now.map(([bound, n], i) => [bound, n - (before[i]?.[1] ?? 0)]);
}
