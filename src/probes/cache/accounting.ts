/**
 * Exact checks of prompt-cache accounting (docs/statistics.md#prompt-cache): a field the pool always
 * carried is gone, more tokens read from the cache than the prompt holds, a write split that does not
 * add up, writes under another time to live, hits that now also write, another retention echoed.
 * Natural evictions show as a write instead of a read and are none of these.
 */
import type { CacheReading } from '../../domain/observation.js';
import type { SampleRecord } from '../types.js';
import { isHit } from './hit-rate.js';

export interface AccountingChange {
  /** What moved, the finding's subject. */
  subject: 'fields' | 'cached_exceeds_prompt' | 'write_split' | 'write_ttl' | 'read_and_write' | 'retention';
  summary: string;
  before: unknown;
  after: unknown;
}

function readings(samples: readonly Pick<SampleRecord, 'cache'>[]): CacheReading[] {
  return samples.flatMap((s) => (s.cache ? [s.cache] : []));
}

/** Fields present on every reading. */
export function commonFields(list: readonly CacheReading[]): string[] {
  if (list.length === 0) return [];
  return (list[0]?.fields ?? []).filter((f) => list.every((c) => c.fields.includes(f)));
}

function ttlBuckets(list: readonly CacheReading[]): string[] {
  const out = new Set<string>();
  for (const c of list) {
    if ((c.write5m ?? 0) > 0) out.add('5m');
    if ((c.write1h ?? 0) > 0) out.add('1h');
  }
  return [...out].sort();
}

function retentions(list: readonly CacheReading[]): string[] {
  return [...new Set(list.flatMap((c) => (c.retention === null ? [] : [c.retention])))].sort();
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** What changed in the cycle's accounting against the pool; empty when nothing did. */
export function accountingChanges(
  current: readonly Pick<SampleRecord, 'cache'>[],
  pool: readonly Pick<SampleRecord, 'cache'>[],
  baseline: { fields: readonly string[]; hitFields: readonly string[] },
): AccountingChange[] {
  const now = readings(current);
  const before = readings(pool);
  if (now.length === 0) return [];
  const out: AccountingChange[] = [];
  const gone = [
    ...baseline.fields.filter((f) => now.some((c) => !c.fields.includes(f))),
    ...baseline.hitFields.filter((f) => !baseline.fields.includes(f) && now.some((c) => isHit(c) && !c.fields.includes(f))),
  ];
  if (gone.length) out.push({ subject: 'fields', summary: `cache accounting field${gone.length > 1 ? 's' : ''} gone: ${gone.join(', ')}`, before: baseline.fields, after: gone });
  const over = now.find((c) => c.read !== null && c.prompt !== null && c.read > c.prompt);
  if (over) out.push({ subject: 'cached_exceeds_prompt', summary: `${over.read} cached tokens reported for a prompt of ${over.prompt}`, before: null, after: { read: over.read, prompt: over.prompt } });
  const split = now.find((c) => c.write !== null && c.write5m !== null && c.write1h !== null && c.write5m + c.write1h !== c.write);
  if (split) out.push({ subject: 'write_split', summary: `cache writes by TTL (${split.write5m} 5m + ${split.write1h} 1h) do not add up to ${split.write} written`, before: null, after: { write: split.write, write5m: split.write5m, write1h: split.write1h } });
  const [ttlBefore, ttlNow] = [ttlBuckets(before), ttlBuckets(now)];
  if (ttlBefore.length && ttlNow.length && !sameSet(ttlBefore, ttlNow)) {
    out.push({ subject: 'write_ttl', summary: `cache writes moved to another time to live: ${ttlBefore.join('+')} → ${ttlNow.join('+')}`, before: ttlBefore, after: ttlNow });
  }
  const both = (c: CacheReading): boolean => isHit(c) && (c.write ?? 0) > 0;
  if (!before.some(both) && now.some(both)) out.push({ subject: 'read_and_write', summary: 'cache hits now also write the prefix (billed again at the write price)', before: 0, after: now.filter(both).length });
  const [retBefore, retNow] = [retentions(before), retentions(now)];
  if (retNow.length && !sameSet(retBefore, retNow)) out.push({ subject: 'retention', summary: `prompt_cache_retention echoed ${retNow.join(', ')} (was ${retBefore.join(', ') || 'absent'})`, before: retBefore, after: retNow });
  return out;
}
