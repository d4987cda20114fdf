import { createHash } from 'node:crypto';
import type { Canary } from '../config/canary-schema.js';
import type { Snapshot } from './schema.js';

/** An own data property, even for `__proto__` (as JSON.parse and Object.fromEntries make it). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A copy with object keys sorted at every level and undefined members dropped (JSON semantics;
 * undefined array elements become null). Built with an explicit stack, not recursion: a deeply
 * nested value cannot overflow the call stack.
 */
export function canonicalize(value: unknown): unknown {
  const root: { value: unknown } = { value: undefined };
  const stack: { value: unknown; assign: (v: unknown) => void }[] = [{ value, assign: (v) => (root.value = v) }];
  for (let job = stack.pop(); job; job = stack.pop()) {
    const { value: v, assign } = job;
    if (Array.isArray(v)) {
      const copy: unknown[] = new Array<unknown>(v.length);
      assign(copy);
      v.forEach((element: unknown, i) => stack.push({ value: element === undefined ? null : element, assign: (c) => (copy[i] = c) }));
    } else if (typeof v === 'object' && v !== null) {
      const copy: Record<string, unknown> = {};
      assign(copy);
      // Keys are inserted in sorted order now; the values are filled in later, in place.
      for (const [k, member] of Object.entries(v).filter(([, m]) => m !== undefined).sort(byKey)) {
        setOwn(copy, k, null);
        stack.push({ value: member, assign: (c) => setOwn(copy, k, c) });
      }
    } else {
      assign(v);
    }
  }
  return root.value;
}

/** Compact JSON with sorted keys. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value));
}

/** sha256 (hex) of the canonical JSON of a canary's request and items. */
export function canaryHash(canary: Pick<Canary, 'request' | 'items'>): string {
  return createHash('sha256')
    .update(canonicalJson({ request: canary.request, items: canary.items ?? null }))
    .digest('hex');
}

/** Top-level keys in reading order: what the file is, how it was collected, summaries, samples last. */
const TOP = ['version', 'target', 'canary', 'canaryHash', 'recordedAt', 'collection', 'provenance', 'acceptedAnomalies', 'probes'] as const;

/**
 * The file text: fixed top-level order, every nested object with sorted keys and 2-space indent,
 * and one sample per line so that a pull request shows which samples changed.
 */
export function formatSnapshot(snapshot: Snapshot): string {
  // Optional members (acceptedAnomalies) appear only when set, so older files keep their bytes.
  const head = TOP.filter((key) => snapshot[key] !== undefined).map(
    (key) => `  ${JSON.stringify(key)}: ${JSON.stringify(canonicalize(snapshot[key]), null, 2).replaceAll('\n', '\n  ')}`,
  );
  const samples = snapshot.samples.length
    ? `[\n${snapshot.samples.map((s) => `    ${canonicalJson(s)}`).join(',\n')}\n  ]`
    : '[]';
  return `{\n${[...head, `  "samples": ${samples}`].join(',\n')}\n}\n`;
}
