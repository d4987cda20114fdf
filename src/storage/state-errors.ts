import { StateError } from '../domain/errors.js';

const RESTORE = 'restore it from a backup, or move it away to start with empty state (open alerts, silences and the outbox are then lost)';
const PERMISSIONS = 'make it writable by this user (owner, mode, read-only mount), or set stateDir to a writable folder';

function codeOf(cause: unknown): string {
  return cause instanceof Error && 'code' in cause ? String(cause.code) : '';
}

/**
 * The one-line error for a state database that cannot be used, from what SQLite or the file
 * system said. `path` is the file (or folder) concerned.
 */
export function stateErrorOf(path: string, cause: unknown): StateError {
  const code = codeOf(cause);
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (code === 'SQLITE_NOTADB') return new StateError(path, 'not a SQLite database (overwritten or corrupt)', RESTORE, { cause });
  if (code.startsWith('SQLITE_CORRUPT')) return new StateError(path, `corrupt (${detail})`, RESTORE, { cause });
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new StateError(path, `not writable (${code})`, PERMISSIONS, { cause });
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return new StateError(path, `cannot be opened (${code})`, PERMISSIONS, { cause });
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new StateError(path, 'the disk is full', 'free space on its volume', { cause });
  if (code === 'ENOTDIR' || code === 'EEXIST') return new StateError(path, `not a folder (${code})`, 'set stateDir to a folder', { cause });
  if (code === 'SQLITE_BUSY') {
    return new StateError(path, 'locked by another process for too long', 'check what else opens the state database', { cause });
  }
  return new StateError(path, `cannot be used (${code || detail})`, PERMISSIONS, { cause });
}

/** A state database that exists but is empty was truncated: starting afresh would silently drop its alerts. */
export function emptyStateError(path: string): StateError {
  return new StateError(
    path,
    'empty (0 bytes), but it existed before this process: tripline never leaves an empty state database, so it was truncated',
    RESTORE,
  );
}
