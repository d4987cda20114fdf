/**
 * Stable error codes, printed as `tripline: CODE: message`. Expected outcomes (drift, a 500 from a
 * provider, a failed alert send) are values, not these. docs/errors.md documents each code; a test
 * keeps the two in step.
 */
export const ERROR_CODES = ['CONFIG_INVALID', 'SNAPSHOT_IO', 'STATE_IO', 'STATE_LOCKED', 'USAGE'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class TriplineError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TriplineError';
    this.code = code;
  }
}

/** One problem in a config or canary file, located for a human. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted field path, e.g. `providers.openai.apiKey`. */
  path: string;
  message: string;
}

export class ConfigError extends TriplineError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super('CONFIG_INVALID', problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path || '(root)'}: ${p.message}`;
}

export class SnapshotError extends TriplineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SNAPSHOT_IO', message, options);
    this.name = 'SnapshotError';
  }
}

/**
 * A state file tripline cannot use, as one line for a human: `path: what is wrong: what to do`.
 * Commands print it without a stack trace and exit 2 (3 for a lock held by another process).
 */
export class StateError extends TriplineError {
  readonly path: string;
  constructor(path: string, problem: string, remedy: string, options?: { cause?: unknown; code?: 'STATE_IO' | 'STATE_LOCKED' }) {
    super(options?.code ?? 'STATE_IO', `${path}: ${problem}: ${remedy}`, options);
    this.name = 'StateError';
    this.path = path;
  }
}

/** Who holds the state lock, as recorded beside it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  since: string;
}

/** Another process writes this state: `start`, `check` and `baseline` exit 3 naming it. */
export class StateLockedError extends StateError {
  readonly holder: LockHolder | null;
  constructor(path: string, holder: LockHolder | null) {
    const who = holder ? `pid ${holder.pid} on ${holder.host} since ${holder.since}` : 'another process (holder not recorded)';
    super(
      path,
      `state is in use by ${who}`,
      'wait for it to finish or stop it; two copies need their own stateDir, and two copies watching the same targets are not supported',
      { code: 'STATE_LOCKED' },
    );
    this.name = 'StateLockedError';
    this.holder = holder;
  }
}
