import { destination as pinoDestination, pino, stdTimeFunctions, type DestinationStream, type Level, type Logger } from 'pino';

import { jsonForms, pinoRedactPaths, redactSecrets, SECRET_PLACEHOLDER } from '../secrets/redact.js';

export type { Logger } from 'pino';

/** Options of the root logger. */
export interface LoggerOptions {
  /** Minimum level written; `silent` writes nothing. */
  level: Level | 'silent';
  /** Where JSON lines go: a stream, or a file descriptor (1 stdout, 2 stderr); stdout when absent. */
  destination?: DestinationStream | NodeJS.WritableStream | number;
  /** Credential values (LoadedConfig.secrets) replaced by `<secret>` wherever they appear in a line. */
  secrets?: readonly string[];
}

/** The one root logger: pino JSON lines, secret keys and known secret values replaced by `<secret>`. */
export function createLogger(options: LoggerOptions): Logger {
  // A secret inside a JSON string is written escaped (a `"` or `\` in a password): redact that form too.
  const secrets = jsonForms(options.secrets ?? []);
  const destination =
    typeof options.destination === 'number'
      ? pinoDestination({ fd: options.destination, sync: true })
      : (options.destination ?? pinoDestination({ fd: 1, sync: true }));
  return pino(
    {
      level: options.level,
      base: { name: 'tripline' },
      redact: { paths: [...pinoRedactPaths], censor: SECRET_PLACEHOLDER },
      timestamp: stdTimeFunctions.isoTime,
      ...(secrets.length > 0 ? { hooks: { streamWrite: (line: string) => redactSecrets(line, secrets) } } : {}),
    },
    destination,
  );
}

/** The logger of one run, bound to the run id, target and canary. */
export function runLogger(root: Logger, run: string, target: string, canary: string): Logger {
  return root.child({ run, target, canary });
}
