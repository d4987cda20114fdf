/** One pending dispatch: a job key due at an epoch-ms time. */
export interface DueEntry {
  /** Epoch ms the job should start (slot time plus jitter). */
  dueAt: number;
  key: string;
  /** Epoch ms of the cron slot the run belongs to (for a catch-up, the slot that was missed). */
  slotAt: number;
  /** 'scheduled' by a cron slot, 'catch-up' after downtime. */
  reason: 'scheduled' | 'catch-up';
}

/** A binary min-heap of due entries by time: one timer serves any number of jobs. */
export interface DueQueue {
  push(entry: DueEntry): void;
  /** The earliest entry without removing it. */
  peek(): DueEntry | undefined;
  pop(): DueEntry | undefined;
  size(): number;
  clear(): void;
}

export function createDueQueue(): DueQueue {
  const heap: DueEntry[] = [];
  const at = (i: number): DueEntry => heap[i] as DueEntry;
  const swap = (i: number, j: number): void => {
    const t = at(i);
    heap[i] = at(j);
    heap[j] = t;
  };
  const up = (start: number): void => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (at(parent).dueAt <= at(i).dueAt) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && at(l).dueAt < at(m).dueAt) m = l;
      if (r < heap.length && at(r).dueAt < at(m).dueAt) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  return {
    push(entry) {
      heap.push(entry);
      up(heap.length - 1);
    },
    peek: () => heap[0],
    pop() {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length > 0 && last) {
        heap[0] = last;
        down(0);
      }
      return top;
    },
    size: () => heap.length,
    clear: () => {
      heap.length = 0;
    },
  };
}
