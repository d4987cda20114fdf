import { destination as pinoDestination, pino, stdTimeFunctions, type DestinationStream, type Level, type Logger } from 'pino';

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

const SECRET_KEYS = ['apiKey', 'token', 'password', 'secret', 'routingKey', 'authorization'];
const SECRET_HEADERS = ['authorization', 'x-api-key', 'api-key', 'x-goog-api-key'];

/** Redaction paths: secret keys at the top and up to two levels deep, and auth headers anywhere we log them. */
export const redactPaths: string[] = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`, `*.*.headers["${h}"]`]),
];

/** The one root logger: pino JSON lines, secret keys and known secret values replaced by `<secret>`. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = [...(options.secrets ?? [])].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const destination =
    typeof options.destination === 'number'
      ? pinoDestination({ fd: options.destination, sync: true })
      : (options.destination ?? pinoDestination({ fd: 1, sync: true }));
  return pino(
    {
      level: options.level,
      base: { name: 'tripline' },
      redact: { paths: redactPaths, censor: '<secret>' },
      timestamp: stdTimeFunctions.isoTime,
      ...(secrets.length > 0 ? { hooks: { streamWrite: (line: string) => scrub(line, secrets) } } : {}),
    },
    destination,
  );
}

/** Replaces every occurrence of a secret value (and its JSON-escaped form) in a log line. */
function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join('<secret>');
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join('<secret>');
  }
  return out;
}

/** The logger of one run, bound to the run id, target and canary. */
export function runLogger(root: Logger, run: string, target: string, canary: string): Logger {
  return root.child({ run, target, canary });
}
