import pg from 'pg';

/** Arbitrary constant: the session advisory lock only the leader holds. */
const LEADER_LOCK = 0x7472_6c64;

/** Who leads the replicas sharing one PostgreSQL state. */
export interface LeaderElection {
  /** True while this process holds the leader lock. */
  isLeader(): boolean;
  /** Resolves once this process is the leader (at once if it is). */
  acquired(): Promise<void>;
  /** Releases the lock and closes the connection. */
  stop(): Promise<void>;
}

export interface LeaderOptions {
  url: string;
  /** A standby tries for the lock every third of this (seconds). */
  failoverSeconds: number;
  /** Called when leadership is lost (the lock's connection died): the process must stop acting as leader. */
  onLost: (err: unknown) => void;
  onError?: (err: unknown) => void;
}

/**
 * Leader election by a session-level `pg_try_advisory_lock` on a dedicated connection: PostgreSQL
 * releases it when that connection ends, so a leader killed by SIGKILL loses it as soon as the
 * server sees the socket close, and a standby takes it on its next try (within a third of
 * `failoverSeconds`). TCP keepalives bound how long a silently vanished leader keeps it.
 */
export function createLeaderElection(opts: LeaderOptions): LeaderElection {
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveAcquired: () => void = () => undefined;
  const acquired = new Promise<void>((r) => (resolveAcquired = r));
  const everyMs = Math.max(1_000, (opts.failoverSeconds * 1000) / 3);

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: opts.url, keepAlive: true, keepAliveInitialDelayMillis: everyMs, connectionTimeoutMillis: everyMs });
    c.on('error', (err) => lose(err));
    await c.connect();
    return c;
  };
  const lose = (err: unknown): void => {
    const was = leader;
    leader = false;
    client?.end().catch(() => undefined);
    client = null;
    if (was && !stopped) opts.onLost(err);
  };
  const attempt = async (): Promise<void> => {
    if (stopped || leader) return;
    try {
      client ??= await connect();
      const row = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
      if (row.rows[0]?.ok && !stopped) {
        leader = true;
        resolveAcquired();
      }
    } catch (err) {
      opts.onError?.(err);
      client?.end().catch(() => undefined);
      client = null;
    }
  };
  const loop = (): void => {
    void attempt().finally(() => {
      if (!stopped && !leader) timer = setTimeout(loop, everyMs);
    });
  };
  loop();
  return {
    isLeader: () => leader,
    acquired: () => acquired,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      leader = false;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
