import type { Storage } from '../../storage/index.js';

/** One readiness check and its outcome. */
export interface ReadinessCheck {
  name: 'config' | 'store' | 'scheduler' | 'snapshots';
  ok: boolean;
  /** Why it failed, or what was seen. */
  detail: string;
}

/** The `/readyz` answer. */
export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

export interface ReadinessSources {
  /** True once a valid config is loaded and running. */
  configLoaded: () => boolean;
  /** The state database, or null when it is not open. */
  db: () => Storage | null;
  /** Epoch ms of the scheduler's last tick. */
  lastTickAt: () => number;
  /** How old the last tick may be. */
  tickAgeLimitMs: () => number;
  /** Baseline files the last runs could not read (`path: what is wrong`). */
  brokenSnapshots?: () => readonly string[];
  now?: () => number;
}

/** Config loaded, state store writable (a cheap write and read back), scheduler ticked recently. */
export async function checkReadiness(src: ReadinessSources): Promise<Readiness> {
  const now = (src.now ?? Date.now)();
  const checks: ReadinessCheck[] = [
    { name: 'config', ok: src.configLoaded(), detail: src.configLoaded() ? 'loaded' : 'no valid config loaded' },
    await storeCheck(src.db(), now),
    schedulerCheck(now - src.lastTickAt(), src.tickAgeLimitMs()),
  ];
  const broken = src.brokenSnapshots?.() ?? [];
  const ready = checks.every((c) => c.ok);
  // Listed, but not a readiness failure: a not-ready pod drops out of its Service, and with it the
  // metrics scrape, for a problem of one pair that is already alerted (availability.snapshot_broken).
  checks.push({ name: 'snapshots', ok: broken.length === 0, detail: broken.length === 0 ? 'readable' : `${broken.length} unreadable: ${broken.join('; ')}` });
  return { ready, checks };
}

async function storeCheck(db: Storage | null, now: number): Promise<ReadinessCheck> {
  if (!db || !db.open) return { name: 'store', ok: false, detail: 'state store not open' };
  try {
    await db.run('INSERT INTO runtime_health (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at', [now]);
    const row = await db.get<{ checked_at: number }>('SELECT checked_at FROM runtime_health WHERE id = 1');
    if (row?.checked_at !== now) return { name: 'store', ok: false, detail: 'state store read back a different value' };
    return { name: 'store', ok: true, detail: 'writable' };
  } catch (err) {
    return { name: 'store', ok: false, detail: `state store not writable: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function schedulerCheck(ageMs: number, limitMs: number): ReadinessCheck {
  const age = Math.max(0, Math.round(ageMs / 1000));
  if (ageMs > limitMs) return { name: 'scheduler', ok: false, detail: `last tick ${age} s ago, limit ${Math.round(limitMs / 1000)} s` };
  return { name: 'scheduler', ok: true, detail: `last tick ${age} s ago` };
}
