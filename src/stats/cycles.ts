/**
 * Regroups a flat baseline pool into the cycles it was collected in. Snapshot samples carry no cycle
 * id; within a cycle each (item, sample index) occurs once, so a repeated key starts a new cycle.
 * Samples are first ordered by timestamp (stable), which keeps cycles contiguous.
 */

/** The fields cycle grouping reads. */
export interface CycleKeyed {
  item?: string;
  sample: number;
  timestamp: string;
}

/** The pool's cycles, oldest first. */
export function groupCycles<T extends CycleKeyed>(samples: readonly T[]): T[][] {
  const ordered = samples
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.timestamp < b.s.timestamp ? -1 : a.s.timestamp > b.s.timestamp ? 1 : a.i - b.i))
    .map((e) => e.s);
  const cycles: T[][] = [];
  let current: T[] = [];
  let seen = new Set<string>();
  for (const s of ordered) {
    const key = `${s.item ?? ''}\u0000${s.sample}`;
    if (seen.has(key)) {
      cycles.push(current);
      current = [];
      seen = new Set();
    }
    seen.add(key);
    current.push(s);
  }
  if (current.length) cycles.push(current);
  return cycles;
}

/** Groups values by a key, keeping first-seen key order. */
export function groupBy<T>(values: readonly T[], key: (v: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) {
    const k = key(v);
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}
