import { redactSecrets } from '../secrets/redact.js';
import { alertManagerFor, runCheckCycle } from '../runtime/check-cycle.js';
import { formatFindings } from './format-findings.js';
import { terminalProgress } from './progress.js';
import { openSession, type SessionOptions } from './session.js';
import type { CanaryRunResult } from '../runtime/engine/types.js';

export interface BaselineOptions extends SessionOptions {
  /** `--target`, repeatable; every target when empty. */
  targets?: readonly string[];
  /** `--canary`, repeatable; every canary when empty. */
  canaries?: readonly string[];
  /** Cycles to pool into the new baseline (statistical probes want several). */
  cycles: number;
  /** Record samples that fail the schema, an assertion or the token invariants anyway (listed in the snapshot). */
  acceptAnomalies?: boolean;
  json: boolean;
}

/**
 * `tripline baseline`: run canaries now and write reviewed baselines. The first cycle starts a
 * fresh pool; later cycles grow it.
 */
export async function runBaseline(opts: BaselineOptions): Promise<number> {
  const session = await openSession(opts);
  if ('exitCode' in session) return session.exitCode;
  try {
    let recorded = 0;
    let unavailable = 0;
    let refused = 0;
    const all = [];
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      const progress = terminalProgress(opts.err);
      const { runs, findings } = await runCheckCycle(session, {
        alerts: false,
        deprecations: false,
        ...(opts.targets ? { targets: opts.targets } : {}),
        ...(opts.canaries ? { canaries: opts.canaries } : {}),
        mode: cycle === 0 ? 'baseline' : 'grow',
        acceptAnomalies: Boolean(opts.acceptAnomalies),
        ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      });
      progress.end();
      recorded += runs.filter((r) => r.result === 'recorded').length;
      unavailable += runs.filter((r) => r.result === 'unavailable').length;
      all.push(...findings);
      if (runs.length === 0) {
        opts.err.write('tripline: no canary matched the given --target/--canary\n');
        return 2;
      }
      for (const run of runs) for (const line of anomalyLines(run, cycle)) opts.err.write(`${redactSecrets(line, session.loaded.secrets)}\n`);
      refused += runs.filter((r) => r.anomaliesRefused).length;
      // A refused first cycle leaves no pool to grow: stop rather than pool later cycles onto an old one.
      if (refused > 0) break;
    }
    // An accepted baseline ends the drift alerts it answers.
    const manager = await alertManagerFor(session);
    const accepted = new Set(all.filter((f) => f.kind === 'baseline.recorded').map((f) => `${f.target}\u0000${f.canary ?? ''}`));
    for (const key of accepted) {
      const [target, canary] = key.split('\u0000');
      await manager.resolveByBaseline(target!, canary || undefined);
    }
    await manager.flushOutbox();
    const text = opts.json ? `${JSON.stringify(all, null, 2)}\n` : formatFindings(all);
    opts.out.write(redactSecrets(text, session.loaded.secrets));
    opts.err.write(`${recorded} baseline cycle(s) recorded, ${unavailable} unavailable\n`);
    if (refused > 0) {
      opts.err.write(
        `tripline: ANOMALIES: ${refused} baseline(s) not recorded: samples above fail the adapter schema, an assertion or the token invariants; fix the canary or the provider, or record them with --accept-anomalies\n`,
      );
      return 2;
    }
    return unavailable > 0 ? 2 : 0;
  } finally {
    await session.close();
  }
}

/** One line per anomalous sample: what it failed, and whether it was recorded. */
function anomalyLines(run: CanaryRunResult, cycle: number): string[] {
  const verdict = run.anomaliesRefused ? 'not recorded' : 'recorded (accepted)';
  return (run.anomalies ?? []).map(
    (a) => `anomaly: ${run.target} × ${run.canary} cycle ${cycle + 1} sample ${a.sample}${a.item ? ` item ${a.item}` : ''}: ${a.kind}: ${a.detail} [${verdict}]`,
  );
}
