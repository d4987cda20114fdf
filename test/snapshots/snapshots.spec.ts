import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/domain/errors.js';
import { probes } from '../../src/probes/registry.js';
import {
  buildSnapshot,
  canaryHash,
  defaultMaxSamples,
  listSnapshots,
  readSnapshot,
  snapshotPath,
  toSampleRecord,
  writeSnapshot,
  type Snapshot,
} from '../../src/snapshots/index.js';
import { OPENAI_SHAPE, canary, observation, observations, probeContext } from '../support/observations.js';

const TARGET = 'openrouter/meta-llama/llama-3.1-8b';
const c = canary({ probes: ['shape', 'identity', 'tokens', 'ratelimit'] });
const ctx = probeContext(c, TARGET);
const NOW = new Date('2025-06-02T00:00:00.000Z');

function build(n: number, extra: { previous?: Snapshot; maxSamples?: number; start?: string; fp?: string } = {}): Snapshot {
  return buildSnapshot({
    target: TARGET,
    canary: c,
    observations: observations(n, { fingerprint: extra.fp ?? 'fp_a' }, extra.start),
    probes,
    ctx,
    previous: extra.previous,
    maxSamples: extra.maxSamples,
    now: NOW,
    triplineVersion: '0.1.0',
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tripline-snap-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('src/snapshots', () => {
  it('places files at <dir>/<provider>/<model with / as __>/<canary>.json', () => {
    expect(snapshotPath('snaps', TARGET, 'tokens-short')).toBe(join('snaps', 'openrouter', 'meta-llama__llama-3.1-8b', 'tokens-short.json'));
    expect(() => snapshotPath('snaps', 'no-slash', 'x')).toThrow(SnapshotError);
    expect(() => snapshotPath('snaps', 'openai/..', 'x')).toThrow(SnapshotError);
  });

  it('builds summaries first, compact samples last, with collection and provenance', () => {
    const snap = build(2);
    expect(Object.keys(snap)).toEqual(['version', 'target', 'canary', 'canaryHash', 'recordedAt', 'collection', 'provenance', 'probes', 'samples']);
    expect(snap.collection).toEqual({ cycles: 1, samples: 2, firstAt: '2025-06-01T10:00:00.000Z', lastAt: '2025-06-01T10:00:01.000Z', triplineVersion: '0.1.0' });
    expect(snap.provenance).toEqual({ modelReported: ['gpt-4o-mini-2024-07-18'], fingerprints: ['fp_a'] });
    expect(Object.keys(snap.probes).sort()).toEqual(['identity', 'ratelimit', 'shape', 'tokens']);
    expect(snap.canaryHash).toBe(canaryHash(c));
    expect(snap.samples[0]).toEqual(toSampleRecord(observation()));
  });

  it('round-trips, writes stable key order and rewrites byte-identically', async () => {
    const snap = build(3);
    const file = await writeSnapshot(dir, snap);
    const text = readFileSync(file, 'utf8');
    const back = readSnapshot(dir, TARGET, c.id);
    expect(back).toEqual(snap);
    await writeSnapshot(dir, back ?? snap);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const lines = text.split('\n');
    expect(lines.filter((l) => /^ {4}\{"fingerprint":"fp_a".*\}$/.test(l.replace(/,$/, '')))).toHaveLength(3);
    expect(text.indexOf('\n  "probes": {')).toBeLessThan(text.indexOf('\n  "samples": [\n'));
    expect(text).toContain('"collection": {\n    "cycles": 1,\n    "firstAt"');
  });

  it('leaves no temp files behind', async () => {
    await writeSnapshot(dir, build(1));
    await writeSnapshot(dir, build(2));
    const folder = join(dir, 'openrouter', 'meta-llama__llama-3.1-8b');
    expect(readdirSync(folder)).toEqual(['tokens-short.json']);
  });

  it('reads the same value every time a file is read, and an edit that breaks it is caught on the next read', async () => {
    // Reads after the first skip the schema walk for an unchanged text (store.ts): same value, same checks.
    const snap = build(3);
    const file = await writeSnapshot(dir, snap);
    const text = readFileSync(file, 'utf8');
    expect(readSnapshot(dir, TARGET, c.id)).toEqual(snap);
    expect(readSnapshot(dir, TARGET, c.id)).toEqual(snap);
    writeFileSync(file, text.replace('"latencyMs":120', '"latencyMs":"fast"'));
    expect(() => readSnapshot(dir, TARGET, c.id)).toThrow(/invalid snapshot at \$\.samples\[0\]\.latencyMs: /);
    writeFileSync(file, text);
    expect(readSnapshot(dir, TARGET, c.id)).toEqual(snap);
  });

  it('drops a key the format does not know on every read, not only the first', async () => {
    const snap = build(1);
    const file = await writeSnapshot(dir, snap);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), reviewer: 'hand-added' }));
    for (let i = 0; i < 2; i++) expect(readSnapshot(dir, TARGET, c.id), `read ${i + 1}`).toEqual(snap);
  });

  it('returns null when there is no snapshot', () => {
    expect(readSnapshot(dir, TARGET, 'nothing')).toBeNull();
  });

  it.each([
    ['{ not json', /tokens-short\.json: not valid JSON/],
    ['{"version":1}', /tokens-short\.json: invalid snapshot at \$\.target: .*\(and \d+ more\)/],
  ])('names the file and the problem of a bad file (%s)', async (content, message) => {
    const file = snapshotPath(dir, TARGET, c.id);
    await writeSnapshot(dir, build(1));
    writeFileSync(file, content);
    expect(() => readSnapshot(dir, TARGET, c.id)).toThrow(message);
  });

  it('names the zod issue path inside samples', async () => {
    const snap = build(2);
    const file = await writeSnapshot(dir, snap);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"latencyMs":120', '"latencyMs":"fast"'));
    expect(() => readSnapshot(dir, TARGET, c.id)).toThrow(/invalid snapshot at \$\.samples\[0\]\.latencyMs: /);
  });

  it('grows the pool across cycles, merging shape and ratelimit and re-summarizing the rest', () => {
    const first = build(2);
    const second = build(3, { previous: first, start: '2025-06-01T11:00:00.000Z', fp: 'fp_b' });
    expect(second.collection).toMatchObject({ cycles: 2, samples: 5, firstAt: '2025-06-01T10:00:00.000Z', lastAt: '2025-06-01T11:00:02.000Z' });
    expect(second.provenance.fingerprints).toEqual(['fp_a', 'fp_b']);
    const identity = probes.identity.summarySchema.parse(second.probes.identity);
    expect(Object.keys(identity.fingerprints)).toEqual(['fp_a', 'fp_b']);
    expect(probes.shape.summarySchema.parse(second.probes.shape).lines).toEqual(OPENAI_SHAPE);
    expect(probes.tokens.summarySchema.parse(second.probes.tokens).prompts).toEqual({ '*': { inputs: [41], chars: 7, nonAscii: 0 } });
    expect(probes.ratelimit.summarySchema.parse(second.probes.ratelimit).limits).toEqual({
      'x-ratelimit-limit-requests': ['500'],
      'x-ratelimit-limit-tokens': ['200000'],
    });
  });

  it('caps the pool at maxSamples, keeping the newest', () => {
    let snap = build(3);
    snap = build(3, { previous: snap, maxSamples: 4, start: '2025-06-01T11:00:00.000Z' });
    expect(snap.samples.map((s) => s.timestamp)).toEqual([
      '2025-06-01T10:00:02.000Z',
      '2025-06-01T11:00:00.000Z',
      '2025-06-01T11:00:01.000Z',
      '2025-06-01T11:00:02.000Z',
    ]);
    expect(snap.collection.samples).toBe(4);
  });

  it('sizes the default pool cap for 20 cycles of the canary, between 500 and 4,000 samples', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `q${i}`, prompt: `p${i}` }));
    expect(defaultMaxSamples(canary({ samples: 5 }))).toBe(500);
    expect(defaultMaxSamples(canary({ samples: 1, items: items(100) }))).toBe(2000);
    expect(defaultMaxSamples(canary({ samples: 10, items: items(20) }))).toBe(4000);
    expect(defaultMaxSamples(canary({ samples: 10, items: items(100) }))).toBe(4000);
  });

  it('starts a fresh pool when the canary was edited', () => {
    const first = build(2);
    const edited = { ...first, canaryHash: '0'.repeat(64) };
    expect(build(1, { previous: edited }).collection).toMatchObject({ cycles: 1, samples: 1 });
  });

  it('lists snapshots with their targets', async () => {
    await writeSnapshot(dir, build(1));
    expect(listSnapshots(dir)).toEqual([{ target: TARGET, canary: 'tokens-short', path: snapshotPath(dir, TARGET, 'tokens-short') }]);
    expect(listSnapshots(join(dir, 'missing'))).toEqual([]);
  });
});
