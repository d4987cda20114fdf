import { ConfigError, formatProblem, TriplineError } from '../domain/errors.js';
import { startDaemon, type Daemon } from '../runtime/daemon.js';

export interface StartOptions {
  configPath: string;
  /** JSON log lines. */
  out: NodeJS.WritableStream;
  /** Startup errors, one line each, no stack trace. */
  err: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Overrides `server.listen`. */
  listen?: string;
  /** Install signal handlers (SIGTERM/SIGINT stop, SIGHUP reload); default true. */
  signals?: boolean;
  /** Called once the daemon runs (tests, demo). */
  onStarted?: (daemon: Daemon) => void;
}

/**
 * `tripline start`: runs the daemon until SIGTERM/SIGINT (or stop()). Exit 0 after a clean
 * shutdown, 2 for a config error (file:line:column: field: message) or an unusable state database
 * (path: what is wrong: what to do), 3 when the daemon cannot start for another reason (the state is
 * locked by another process, the port is in use).
 */
export async function runStart(opts: StartOptions): Promise<number> {
  let daemon: Daemon;
  try {
    daemon = await startDaemon({
      configPath: opts.configPath,
      env: opts.env ?? process.env,
      signals: opts.signals ?? true,
      stdout: opts.out,
      listen: opts.listen,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const p of error.problems) opts.err.write(`${formatProblem(p)}\n`);
      return 2;
    }
    if (error instanceof TriplineError) {
      opts.err.write(`tripline: ${error.code}: ${error.message}\n`);
      return error.code === 'STATE_IO' ? 2 : 3;
    }
    const message = error instanceof Error ? error.message : String(error);
    opts.err.write(`tripline: cannot start: ${message}\n`);
    return 3;
  }
  opts.onStarted?.(daemon);
  await daemon.stopped;
  return 0;
}
