import { redactSecrets } from '../secrets/redact.js';
import { alertManagerFor, runCheckCycle } from '../runtime/check-cycle.js';
import { formatFindings } from './format-findings.js';
import { openSession, type SessionOptions } from './session.js';

export interface BaselineOptions extends SessionOptions {
  /** `--target`, repeatable; every target when empty. */
  targets?: readonly string[];
  /** `--canary`, repeatable; every canary when empty. */
  canaries?: readonly string[];
  /** Cycles to pool into the new baseline (statistical probes want several). */
  cycles: number;
  json: boolean;
}

/**
 * `tripline baseline`: run canaries now and write reviewed baselines. The first cycle starts a
 * fresh pool; later cycles grow it.
 */
export async function runBaseline(opts: BaselineOptions): Promise<number> {
  const session = openSession(opts);
  if ('exitCode' in session) return session.exitCode;
  try {
    let recorded = 0;
    let unavailable = 0;
    const all = [];
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      const { runs, findings } = await runCheckCycle(session, {
        alerts: false,
        deprecations: false,
        ...(opts.targets ? { targets: opts.targets } : {}),
        ...(opts.canaries ? { canaries: opts.canaries } : {}),
        mode: cycle === 0 ? 'baseline' : 'grow',
      });
      recorded += runs.filter((r) => r.result === 'recorded').length;
      unavailable += runs.filter((r) => r.result === 'unavailable').length;
      all.push(...findings);
      if (runs.length === 0) {
        opts.err.write('tripline: no canary matched the given --target/--canary\n');
        return 2;
      }
    }
    // An accepted baseline ends the drift alerts it answers.
    const manager = alertManagerFor(session);
    const accepted = new Set(all.filter((f) => f.kind === 'baseline.recorded').map((f) => `${f.target}\u0000${f.canary ?? ''}`));
    for (const key of accepted) {
      const [target, canary] = key.split('\u0000');
      manager.resolveByBaseline(target!, canary || undefined);
    }
    await manager.flushOutbox();
    const text = opts.json ? `${JSON.stringify(all, null, 2)}\n` : formatFindings(all);
    opts.out.write(redactSecrets(text, session.loaded.secrets));
    opts.err.write(`${recorded} baseline cycle(s) recorded, ${unavailable} unavailable\n`);
    return unavailable > 0 ? 2 : 0;
  } finally {
    session.close();
  }
}
