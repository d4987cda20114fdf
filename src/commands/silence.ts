import { userInfo } from 'node:os';
import type { Match } from '../alerts/channels/base-schema.js';
import { parseDuration } from '../alerts/duration.js';
import { addSilence, listSilences, removeSilence } from '../alerts/lifecycle/silences.js';
import type { Sql } from '../storage/index.js';

/** Arguments of `tripline silence add|list|remove`. */
export type SilenceArgs =
  | {
      action: 'add';
      /** `provider=openai`, `target=openai/gpt-4o`, `canary=tokens-short`, `kind=shape.*` (repeatable). */
      match: readonly string[];
      /** `30m`, `2h`, `1d`. */
      duration: string;
      reason?: string;
    }
  | { action: 'list'; json?: boolean }
  | { action: 'remove'; id: string };

export interface SilenceOptions {
  /** The state database (silences live next to the alerts they hold back). */
  db: Sql;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  now?: () => number;
  /** Recorded in the audit trail; the OS user by default. */
  author?: string;
}

const KEYS = { provider: 'providers', target: 'targets', canary: 'canaries', kind: 'kinds' } as const;
const isKey = (k: string): k is keyof typeof KEYS => k in KEYS;

/** `key=value` pairs as a Match; an error message for anything else. */
export function parseMatch(pairs: readonly string[]): Match | string {
  const match: Match = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    const value = pair.slice(at + 1);
    if (at <= 0 || !value || !isKey(key)) return `--match ${pair}: expected provider=, target=, canary= or kind= with a value`;
    const field = KEYS[key];
    match[field] = [...(match[field] ?? []), value];
  }
  return Object.keys(match).length > 0 ? match : '--match is required';
}

function describe(match: Match): string {
  const parts: string[] = [];
  for (const [key, field] of Object.entries(KEYS)) for (const v of match[field] ?? []) parts.push(`${key}=${v}`);
  return parts.join(' ');
}

function author(given: string | undefined): string | undefined {
  if (given) return given;
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** `tripline silence ...`: 0 on success, 2 on a usage error or an unknown id. */
export async function runSilence(args: SilenceArgs, opts: SilenceOptions): Promise<number> {
  const now = (opts.now ?? Date.now)();
  if (args.action === 'add') {
    const match = parseMatch(args.match);
    if (typeof match === 'string') return usage(opts.err, match);
    const forMs = parseDuration(args.duration);
    if (forMs === null || forMs <= 0) return usage(opts.err, `--for ${args.duration}: expected a duration like 30m, 2h or 1d`);
    const who = author(opts.author);
    const s = await addSilence(opts.db, { match, forMs, nowMs: now, ...(args.reason ? { reason: args.reason } : {}), ...(who ? { author: who } : {}) });
    opts.out.write(`silence ${s.id} added: ${describe(s.match)} until ${s.until}${s.reason ? ` (${s.reason})` : ''}\n`);
    return 0;
  }
  if (args.action === 'remove') {
    if (!(await removeSilence(opts.db, args.id, now, author(opts.author)))) return usage(opts.err, `no active silence with id ${args.id}`);
    opts.out.write(`silence ${args.id} removed\n`);
    return 0;
  }
  const all = await listSilences(opts.db);
  const stateOf = (s: (typeof all)[number]): 'removed' | 'active' | 'expired' =>
    s.removedAt ? 'removed' : Date.parse(s.until) > now ? 'active' : 'expired';
  if (args.json) {
    opts.out.write(`${JSON.stringify(all.map((s) => ({ ...s, state: stateOf(s) })), null, 2)}\n`);
    return 0;
  }
  if (all.length === 0) opts.out.write('no silences\n');
  for (const s of all) {
    const state = s.removedAt ? `removed ${s.removedAt}${s.removedBy ? ` by ${s.removedBy}` : ''}` : stateOf(s);
    const by = s.author ? ` by ${s.author}` : '';
    opts.out.write(`${s.id}  ${state}  ${describe(s.match)}  until ${s.until}  created ${s.createdAt}${by}${s.reason ? `  reason: ${s.reason}` : ''}\n`);
  }
  return 0;
}

function usage(err: NodeJS.WritableStream, message: string): number {
  err.write(`tripline: USAGE: ${message}\n`);
  return 2;
}
