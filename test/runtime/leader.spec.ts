import { afterAll, describe, expect, it } from 'vitest';
import { createLeaderElection } from '../../src/runtime/ha/leader.js';
import { freshDatabase, NO_POSTGRES, postgresReachable } from '../support/postgres.js';

const reachable = await postgresReachable();
if (!reachable) console.warn(NO_POSTGRES);
const db = reachable ? await freshDatabase('leader') : null;
afterAll(async () => db?.drop());

describe.skipIf(!reachable)('src/runtime/ha/leader', () => {
  it('exactly one of two replicas leads; when its connection ends the other takes over', async () => {
    const lost: unknown[] = [];
    const a = createLeaderElection({ url: db!.url, failoverSeconds: 3, onLost: (e) => lost.push(e) });
    await a.acquired();
    const b = createLeaderElection({ url: db!.url, failoverSeconds: 3, onLost: (e) => lost.push(e) });
    await new Promise((r) => setTimeout(r, 1_500));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    const started = Date.now();
    await a.stop();
    await b.acquired();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(b.isLeader()).toBe(true);
    await b.stop();
    expect(lost).toEqual([]);
  });
});
