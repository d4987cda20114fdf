/** Stable error codes. Expected outcomes (drift, a 500 from a provider) are values, not these. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'PROVIDER_HTTP'
  | 'SNAPSHOT_IO'
  | 'STATE_IO'
  | 'CHANNEL_SEND'
  | 'SOURCE_FETCH'
  | 'USAGE';

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

export class ProviderHttpError extends TriplineError {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super('PROVIDER_HTTP', message, options);
    this.name = 'ProviderHttpError';
    this.retryable = retryable;
  }
}

export class SnapshotError extends TriplineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SNAPSHOT_IO', message, options);
    this.name = 'SnapshotError';
  }
}

export class ChannelSendError extends TriplineError {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super('CHANNEL_SEND', message, options);
    this.name = 'ChannelSendError';
    this.retryable = retryable;
  }
}
