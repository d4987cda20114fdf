import { createHash } from 'node:crypto';
import type { Canary } from '../config/canary-schema.js';
import type { Snapshot } from './schema.js';

/** A copy with object keys sorted recursively and undefined members dropped (JSON semantics). */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalize(v)));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonicalize(v)]));
  }
  return value;
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
const TOP = ['version', 'target', 'canary', 'canaryHash', 'recordedAt', 'collection', 'provenance', 'probes'] as const;

/**
 * The file text: fixed top-level order, every nested object with sorted keys and 2-space indent,
 * and one sample per line so that a pull request shows which samples changed.
 */
export function formatSnapshot(snapshot: Snapshot): string {
  const head = TOP.map((key) => `  ${JSON.stringify(key)}: ${JSON.stringify(canonicalize(snapshot[key]), null, 2).replaceAll('\n', '\n  ')}`);
  const samples = snapshot.samples.length
    ? `[\n${snapshot.samples.map((s) => `    ${canonicalJson(s)}`).join(',\n')}\n  ]`
    : '[]';
  return `{\n${[...head, `  "samples": ${samples}`].join(',\n')}\n}\n`;
}
