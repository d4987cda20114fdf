import { afterAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../../src/runtime/state/store.js';
import { backends } from './backends.js';

const all = await backends('sql');
afterAll(async () => {
  for (const b of all) await b.cleanup();
});

describe.each(all)('src/storage on $name', (backend) => {
  it('applies every area migration once, and again is a no-op', async () => {
    const store = await backend.open();
    const ids = (await store.db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id);
    expect(ids).toEqual(allMigrations.map((m) => m.id).sort());
    await store.close();
    const again = await backend.open();
    expect(await again.db.get('SELECT COUNT(*) AS n FROM schema_migrations')).toEqual({ n: allMigrations.length });
    await again.close();
  });

  it('binds ? placeholders, leaves a ? inside quotes alone, returns generated ids and 64-bit times as numbers', async () => {
    const store = await backend.open();
    const at = Date.parse('2026-01-01T00:00:00Z');
    const row = await store.db.get<{ seq: number }>(
      "INSERT INTO alert_events (id, alert_id, type, created_at, silenced_by, event) VALUES (?, NULL, 'test', ?, '?', ?) RETURNING seq",
      ['e-1', at, '{}'],
    );
    expect(row?.seq).toBeTypeOf('number');
    expect(await store.db.get('SELECT created_at, silenced_by FROM alert_events WHERE id = ?', ['e-1'])).toEqual({ created_at: at, silenced_by: '?' });
    expect(await store.db.get('SELECT id FROM alert_events WHERE id = ?', ['nope'])).toBeUndefined();
    expect((await store.db.run('DELETE FROM alert_events WHERE id = ?', ['e-1'])).changes).toBe(1);
    await store.close();
  });

  it('a transaction commits when its callback resolves and rolls back when it rejects; nested calls join it', async () => {
    const store = await backend.open();
    const insert = "INSERT INTO silences (id, match, created_at, until) VALUES (?, '{}', 'x', 'y')";
    await store.db.transaction(async (tx) => {
      await tx.run(insert, ['kept']);
      await tx.transaction(async (inner) => inner.run(insert, ['nested']));
    });
    await expect(
      store.db.transaction(async (tx) => {
        await tx.run(insert, ['dropped']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const ids = (await store.db.query<{ id: string }>("SELECT id FROM silences WHERE id IN ('kept', 'nested', 'dropped') ORDER BY id")).map((r) => r.id);
    expect(ids).toEqual(['kept', 'nested']);
    await store.close();
  });

  it('transactions of one process never interleave: concurrent read-modify-write cycles lose no update', async () => {
    const store = await backend.open();
    await store.db.run('INSERT INTO alert_channel_health (channel, consecutive_failures) VALUES (?, 0)', ['counter']);
    const bump = () =>
      store.db.transaction(async (tx) => {
        const row = await tx.get<{ consecutive_failures: number }>('SELECT consecutive_failures FROM alert_channel_health WHERE channel = ?', ['counter']);
        await new Promise((r) => setTimeout(r, 2));
        await tx.run('UPDATE alert_channel_health SET consecutive_failures = ? WHERE channel = ?', [(row?.consecutive_failures ?? 0) + 1, 'counter']);
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    expect(await store.db.get('SELECT consecutive_failures FROM alert_channel_health WHERE channel = ?', ['counter'])).toEqual({ consecutive_failures: 10 });
    await store.close();
  });
});
