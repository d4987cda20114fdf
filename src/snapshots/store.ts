import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { deepFreeze } from '../config/deep-freeze.js';
import { SnapshotError } from '../domain/errors.js';
import { formatSnapshot } from './canonical-json.js';
import { snapshotPath } from './paths.js';
import { Snapshot } from './schema.js';

const isMissing = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'ENOENT';

/** The snapshot of a target × canary, null when none was recorded; a bad file throws SnapshotError naming it. */
export function readSnapshot(dir: string, target: string, canaryId: string): Snapshot | null {
  const file = snapshotPath(dir, target, canaryId);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw new SnapshotError(`${file}: cannot read snapshot`, { cause: error });
  }
  const known = digestOf(text);
  const snapshot = parsedTexts.get(known)?.deref() ?? parseAndValidate(file, text, known);
  if (snapshot.target !== target || snapshot.canary !== canaryId) {
    throw new SnapshotError(`${file}: holds ${snapshot.target} × ${snapshot.canary}, expected ${target} × ${canaryId}`);
  }
  return snapshot;
}

/** JSON.parse and schema validation of a snapshot file's text; the result is frozen (see parsedTexts). */
function parseAndValidate(file: string, text: string, known: string): Snapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed: ReturnType<typeof Snapshot.safeParse> = validTexts.has(known) ? { success: true, data: json as Snapshot } : Snapshot.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new SnapshotError(`${file}: invalid snapshot at $${path}: ${issue?.message ?? 'unknown issue'}${more}`, { cause: parsed.error });
  }
  // Frozen whether remembered or not, so that a caller that mutates a baseline fails on every read,
  // not only on the reads that happen to share a remembered value.
  const snapshot = deepFreeze(parsed.data);
  if (validTexts.has(known) || rememberIfExact(known, json, parsed.data)) rememberParsed(known, snapshot);
  return snapshot;
}

/**
 * Digests of snapshot texts whose validation gave back exactly what JSON.parse gives. One `check`
 * reads a pair's baseline up to five times (the readability gate, the applicability rule of each
 * logprobs canary, the run, the confirmation run), and validating a 1.4 MB calibration pool costs
 * about 100 ms each time; hashing it costs about 3 ms. The same text parses to the same value, so a
 * known digest skips only the schema walk; a file whose validation dropped unknown keys is not
 * remembered (its parse differs from the schema's output) and is validated on every read.
 */
const validTexts = new Set<string>();
/** Digests kept at most: a daemon reading thousands of pairs forgets them all rather than grow. */
const MAX_VALID_TEXTS = 10_000;

/**
 * The parsed, validated and frozen snapshot of texts read before, by digest, held weakly: the later
 * reads of one check (see validTexts) skip JSON.parse too (about 10 ms a megabyte, and the garbage
 * of a fresh copy each time) while the first read's value is still in use or not yet collected,
 * and an idle daemon keeps no baseline alive through this map. Values are deep-frozen, so no
 * caller can change what another read returns.
 */
const parsedTexts = new Map<string, WeakRef<Snapshot>>();

function rememberParsed(digest: string, snapshot: Snapshot): void {
  // Only the digests stay when their values are collected: forget them all rather than grow.
  if (parsedTexts.size >= MAX_VALID_TEXTS) parsedTexts.clear();
  parsedTexts.set(digest, new WeakRef(snapshot));
}

const digestOf = (text: string): string => createHash('sha256').update(text).digest('base64');

/** Remembers the digest when validation changed nothing (true), so later reads skip the schema walk. */
function rememberIfExact(digest: string, json: unknown, validated: Snapshot): boolean {
  // The schema has no transforms or defaults: its output is the input minus unknown keys, so the
  // same length of JSON means nothing was dropped.
  if (JSON.stringify(validated).length !== JSON.stringify(json).length) return false;
  if (validTexts.size >= MAX_VALID_TEXTS) validTexts.clear();
  validTexts.add(digest);
  return true;
}

/** Writes a snapshot atomically and durably (see writeFileAtomic). Resolves with the file path. */
export async function writeSnapshot(dir: string, snapshot: Snapshot): Promise<string> {
  const file = snapshotPath(dir, snapshot.target, snapshot.canary);
  await writeFileAtomic(file, formatSnapshot(snapshot));
  return file;
}

/**
 * Writes a file atomically (temp file in the same folder, fsync, rename, fsync the folder) so
 * that a crash leaves the old file or the new one, never half of one; resolves once all of it is
 * on disk. The file I/O and the fsyncs run on libuv's thread pool: the daemon's first cycle
 * records thousands of baselines, and synchronous fsyncs held its event loop (timers, sockets,
 * every other run) for seconds.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const folder = dirname(file);
  const tmp = join(folder, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(folder, { recursive: true });
    const handle = await open(tmp, 'w', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new SnapshotError(`${file}: cannot write snapshot`, { cause: error });
  }
  await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename itself is still atomic.
  }
}
