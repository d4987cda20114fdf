import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Options of the root logger. */
export interface LoggerOptions {
  /** Minimum level written; `silent` writes nothing. */
  level: Level | 'silent';
  /** Where JSON lines go; stdout when absent. */
  destination?: DestinationStream | NodeJS.WritableStream;
}

const SECRET_KEYS = ['apiKey', 'token', 'password', 'secret', 'routingKey', 'authorization'];
const SECRET_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];

/** Redaction paths: secret keys at the top and up to two levels deep, and auth headers anywhere we log them. */
export const redactPaths: string[] = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`, `*.*.headers["${h}"]`]),
];

/** The one root logger: pino JSON lines, secrets replaced by `<secret>`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { name: 'tripline' },
      redact: { paths: redactPaths, censor: '<secret>' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? process.stdout,
  );
}

/** The logger of one run, bound to the run id, target and canary. */
export function runLogger(root: Logger, run: string, target: string, canary: string): Logger {
  return root.child({ run, target, canary });
}
