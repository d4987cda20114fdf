import { afterAll, describe, expect, it } from 'vitest';
import { applyPersistence, openSuspicions } from '../../src/runtime/engine/persistence.js';
import type { CandidateDraft } from '../../src/probes/types.js';
import { ownedByAnotherCanary } from '../../src/runtime/engine/target-level.js';
import { allMigrations } from '../../src/runtime/state/store.js';
import { STREAK_COLUMNS_MIGRATION } from '../../src/runtime/state/streak-columns.js';
import { openStorage } from '../../src/storage/index.js';
import { backends } from './backends.js';

const all = await backends('streaks');
afterAll(async () => {
  for (const b of all) await b.cleanup();
});

/** The schema as released before the streaks had columns: every migration ordered before 0121. */
const released = allMigrations.filter((m) => m.id < STREAK_COLUMNS_MIGRATION.id);

const draft = (kind: CandidateDraft['kind'], subject?: string): CandidateDraft => ({
  kind, severity: 'warning', summary: 's', evidence: {}, action: 'a', ...(subject === undefined ? {} : { subject }),
});

/** Rows as the released code wrote them: one `target|canary|kind|subject` key each. */
const oldRows: { key: string; streak: number; finding: CandidateDraft; firstSeen: string | null }[] = [
  { key: 'openai/gpt-4o-mini|tokens-short|tokens.output_shift|', streak: 1, finding: draft('tokens.output_shift'), firstSeen: '2026-01-01T00:00:00Z' },
  // Two canaries of one target holding the same target-level finding; its subject holds a `|`.
  { key: 'openai/gpt-4o-mini|shape-a|shape.field_added|choices[0].x|y', streak: 3, finding: draft('shape.field_added', 'choices[0].x|y'), firstSeen: '2026-01-01T00:00:00Z' },
  { key: 'openai/gpt-4o-mini|shape-b|shape.field_added|choices[0].x|y', streak: 3, finding: draft('shape.field_added', 'choices[0].x|y'), firstSeen: '2026-01-01T00:30:00Z' },
  // A model name with a `|`, and a row from before first_seen existed (migration 0105).
  { key: 'odd/model|v2|c-1|shape.header_added|x-a=1|2', streak: 1, finding: draft('shape.header_added', 'x-a=1|2'), firstSeen: null },
  // A key that does not end in its finding's kind and subject cannot be split: it is dropped.
  { key: 'openai/gpt-4o-mini|broken', streak: 1, finding: draft('latency.shift'), firstSeen: null },
];

describe.each(all)('migration 0121 (finding streaks by column) on $name', (backend) => {
  it('an upgraded state keeps its streaks: each old key is split into target, canary, kind and subject', async () => {
    const old = await openStorage(backend.location, released);
    for (const row of oldRows) {
      await old.run('INSERT INTO finding_streaks (key, streak, last_cycle, finding, first_seen) VALUES (?, ?, ?, ?, ?)', [
        row.key, row.streak, '2026-01-01T00:30:00Z', JSON.stringify(row.finding), row.firstSeen,
      ]);
    }
    await old.close();

    const store = await backend.open();
    expect(await store.db.query('SELECT target, canary, kind, subject, streak, first_seen FROM finding_streaks ORDER BY target, canary')).toEqual([
      { target: 'odd/model|v2', canary: 'c-1', kind: 'shape.header_added', subject: 'x-a=1|2', streak: 1, first_seen: null },
      { target: 'openai/gpt-4o-mini', canary: 'shape-a', kind: 'shape.field_added', subject: 'choices[0].x|y', streak: 3, first_seen: '2026-01-01T00:00:00Z' },
      { target: 'openai/gpt-4o-mini', canary: 'shape-b', kind: 'shape.field_added', subject: 'choices[0].x|y', streak: 3, first_seen: '2026-01-01T00:30:00Z' },
      { target: 'openai/gpt-4o-mini', canary: 'tokens-short', kind: 'tokens.output_shift', subject: '', streak: 1, first_seen: '2026-01-01T00:00:00Z' },
    ]);

    // The engine reads them as it read the keys: an open suspicion, the owner of a target-level finding ...
    const tokens = { target: 'openai/gpt-4o-mini', canary: 'tokens-short' };
    expect(await openSuspicions(store.db, tokens, 2)).toEqual([{ kind: 'tokens.output_shift', subject: '', sightingsNeeded: 1 }]);
    const shape = (canary: string) => ownedByAnotherCanary(store.db, { target: 'openai/gpt-4o-mini', canary }, 'shape.field_added', 'choices[0].x|y', 2);
    expect([await shape('shape-a'), await shape('shape-b')]).toEqual([false, true]);
    // ... and a streak carried over continues: the second sighting confirms.
    expect(await applyPersistence(store.fence, tokens, [draft('tokens.output_shift')], 2, '2026-01-01T01:00:00Z')).toEqual([
      draft('tokens.output_shift'),
    ]);
    expect(await applyPersistence(store.fence, { target: 'odd/model|v2', canary: 'c-1' }, [draft('shape.header_added', 'x-a=1|2')], 2, '2026-01-01T01:00:00Z')).toHaveLength(1);
    await store.close();
  });
});
