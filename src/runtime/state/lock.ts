import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { StateLockedError, type LockHolder } from '../../domain/errors.js';
import { stateErrorOf } from '../../storage/state-errors.js';

/** The lock file beside the state database, and who holds it. */
export const LOCK_FILE = 'tripline.lock';
export const HOLDER_FILE = 'tripline.lock.json';

/** An exclusive hold on a state folder; released on `release()` or when the process dies. */
export interface StateLock {
  readonly holder: LockHolder;
  release(): void;
}

const Holder = z.object({ pid: z.number(), host: z.string(), since: z.string() });

/**
 * Takes the one-writer lock of `stateDir` (`start`, `check`, `baseline`): a SQLite database used
 * only for its lock, held in an exclusive transaction for as long as this process keeps it. SQLite
 * locks are the operating system's file locks, so a killed process releases its lock at once: there
 * is no PID file to go stale. A second writer gets StateLockedError naming the holder, read from a
 * small JSON file beside the lock (information only; the lock itself decides).
 */
export function acquireStateLock(stateDir: string, now: Date = new Date()): StateLock {
  const path = join(stateDir, LOCK_FILE);
  let db: Database.Database;
  try {
    mkdirSync(stateDir, { recursive: true });
    db = new Database(path, { timeout: 0 });
  } catch (cause) {
    throw stateErrorOf(path, cause);
  }
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (cause) {
    db.close();
    if (cause instanceof Error && 'code' in cause && cause.code === 'SQLITE_BUSY') throw new StateLockedError(path, readHolder(stateDir));
    throw stateErrorOf(path, cause);
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: now.toISOString() };
  const holderPath = join(stateDir, HOLDER_FILE);
  try {
    writeFileSync(holderPath, `${JSON.stringify(holder)}\n`);
  } catch (cause) {
    db.close();
    throw stateErrorOf(holderPath, cause);
  }
  let held = true;
  return {
    holder,
    release() {
      if (!held) return;
      held = false;
      if (readHolder(stateDir)?.pid === holder.pid) rmSync(holderPath, { force: true });
      db.close();
    },
  };
}

function readHolder(stateDir: string): LockHolder | null {
  try {
    const parsed = Holder.safeParse(JSON.parse(readFileSync(join(stateDir, HOLDER_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
