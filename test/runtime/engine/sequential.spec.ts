/**
 * The order a sequential cycle sends its requests in (src/runtime/engine/sequential.ts,
 * docs/statistics.md#sequential-sampling): deterministic for a given history, every item visited in
 * turn by quiet stops, and one fresh control item before last cycle's suspects.
 */
import { describe, expect, it } from 'vitest';
import { decides, nextBatchSize, requestOrder, rotationOffset } from '../../../src/runtime/engine/sequential.js';
import { canary } from '../../stats/support/synthetic.js';

const items = Array.from({ length: 5 }, (_, i) => ({ id: `q${i}`, prompt: `Question ${i}` }));
const mcq = canary({ items, samples: 2, probes: ['calibration'] });
const ids = (order: ReturnType<typeof requestOrder>) => order.map((r) => `${r.item?.id}#${r.sample}`);

describe('sequential sampling: the order of a cycle\'s requests', () => {
  it('sends every item once before any item\'s second sample, starting at the offset', () => {
    expect(ids(requestOrder(mcq, [], 3))).toEqual(['q3#0', 'q4#0', 'q0#0', 'q1#0', 'q2#0', 'q3#1', 'q4#1', 'q0#1', 'q1#1', 'q2#1']);
  });

  it('starts each cycle where the pair\'s earlier requests left off, whatever the clock says', () => {
    // 12 requests sent so far over 5 items: the next cycle starts at q2, at any time of day.
    expect(rotationOffset(12, 5)).toBe(2);
    expect(rotationOffset(0, 5)).toBe(0);
    expect(rotationOffset(7, 0)).toBe(0);
    // Quiet stops after 2 calls each visit q0 q1, then q2 q3, then q4 q0: no item is left out for good.
    let sent = 0;
    const seen: string[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const order = requestOrder(mcq, [], rotationOffset(sent, items.length)).slice(0, 2);
      seen.push(...order.map((r) => r.item!.id));
      sent += order.length;
    }
    expect(seen).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q0']);
  });

  it('puts one fresh control item before last cycle\'s suspects, each suspect with all its samples, then the rest', () => {
    expect(ids(requestOrder(mcq, ['q3'], 0))).toEqual(['q0#0', 'q3#0', 'q3#1', 'q1#0', 'q2#0', 'q4#0', 'q0#1', 'q1#1', 'q2#1', 'q4#1']);
    expect(ids(requestOrder(mcq, ['q0', 'q4'], 0)).slice(0, 7)).toEqual(['q1#0', 'q0#0', 'q4#0', 'q0#1', 'q4#1', 'q2#0', 'q3#0']);
    // One sample per item (the calibration canary): control, suspects, the rest.
    const single = canary({ items, samples: 1, probes: ['calibration'] });
    expect(ids(requestOrder(single, ['q3'], 0))).toEqual(['q0#0', 'q3#0', 'q1#0', 'q2#0', 'q4#0']);
  });

  it('sends every planned request exactly once, whatever the suspects', () => {
    for (const suspects of [[], ['q2'], ['q0', 'q1', 'q2', 'q3', 'q4'], ['unknown']]) {
      const order = ids(requestOrder(mcq, suspects, 1));
      expect(order).toHaveLength(10);
      expect(new Set(order).size).toBe(10);
    }
  });

  it('batches 1, 1, 2, 4, … up to the provider\'s lanes', () => {
    expect([0, 1, 2, 4, 8, 16].map((sent) => nextBatchSize(sent, 8))).toEqual([1, 1, 2, 4, 8, 8]);
  });

  it('is decided by one probe seeing a change, or by every probe with a rule seeing none', () => {
    expect(decides(['continue', 'change'])).toBe(true);
    expect(decides(['no-change', 'no-change'])).toBe(true);
    expect(decides(['no-change', 'continue'])).toBe(false);
    expect(decides([])).toBe(false);
  });
});
