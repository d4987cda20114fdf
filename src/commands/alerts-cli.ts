import { loadConfig, type LoadedConfig } from '../config/load.js';
import { openStateStore, stateLocationOf, type StateStore } from '../runtime/state/store.js';
import { runAlertsStatus, runAlertsTest } from './alerts.js';
import { reportError } from './session.js';
import { runSilence } from './silence.js';

/** What the command line passes to the alert and silence commands. */
export interface AlertsCliOptions {
  configPath: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** `alerts test --channel`. */
  channel?: string | undefined;
  /** `silence add --match` pairs. */
  match?: string[];
  /** `silence add --for`. */
  duration?: string;
  reason?: string | undefined;
  /** `silence remove <id>`. */
  id?: string;
  /** `alerts status --json`, `silence list --json`. */
  json?: boolean;
}

function open(opts: AlertsCliOptions): { loaded: LoadedConfig } | { exitCode: number } {
  try {
    return { loaded: loadConfig(opts.configPath, opts.env ?? process.env) };
  } catch (error) {
    return { exitCode: reportError(error, opts.err) };
  }
}

async function withStore(opts: AlertsCliOptions, fn: (store: StateStore) => Promise<number>): Promise<number> {
  const session = open(opts);
  if ('exitCode' in session) return session.exitCode;
  let store: StateStore;
  try {
    store = await openStateStore(stateLocationOf(session.loaded.config));
  } catch (error) {
    return reportError(error, opts.err);
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `tripline alerts test|status`. */
export async function runAlertsCommand(kind: 'test' | 'status', opts: AlertsCliOptions): Promise<number> {
  if (kind === 'status') return withStore(opts, (store) => runAlertsStatus({ db: store.db, out: opts.out, json: Boolean(opts.json) }));
  const session = open(opts);
  if ('exitCode' in session) return session.exitCode;
  return runAlertsTest({ loaded: session.loaded, out: opts.out, err: opts.err, ...(opts.channel ? { channelName: opts.channel } : {}) });
}

/** `tripline silence add|list|remove`. */
export async function runSilenceCommand(kind: 'add' | 'list' | 'remove', opts: AlertsCliOptions): Promise<number> {
  return withStore(opts, async (store) => {
    const io = { db: store.db, out: opts.out, err: opts.err };
    if (kind === 'add') {
      return runSilence({ action: 'add', match: opts.match ?? [], duration: opts.duration ?? '', ...(opts.reason ? { reason: opts.reason } : {}) }, io);
    }
    if (kind === 'remove') return runSilence({ action: 'remove', id: opts.id ?? '' }, io);
    return runSilence({ action: 'list', json: Boolean(opts.json) }, io);
  });
}
