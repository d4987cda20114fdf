import { exitCodeOf } from '../domain/finding.js';
import { redactSecrets } from '../secrets/redact.js';
import { formatFindings } from './format-findings.js';
import { terminalProgress } from './progress.js';
import { openSession, type Session, type SessionOptions } from './session.js';
import { runCheckCycle } from '../runtime/check-cycle.js';
import { unreadableBaselines } from '../runtime/engine/broken-snapshot.js';

export interface CheckOptions extends SessionOptions {
  json: boolean;
  /** `--target`, repeatable; every target when empty. */
  targets?: readonly string[];
  /** `--canary`, repeatable; every canary when empty. */
  canaries?: readonly string[];
  alerts: boolean;
  deprecations: boolean;
}

/**
 * `tripline check`: one cycle of everything. Exit 0 when nothing is warning or critical, 1 when
 * drift was found, 2 when only operational problems (provider unavailable) or a config error.
 */
export async function runCheck(opts: CheckOptions): Promise<number> {
  const session = await openSession(opts);
  if ('exitCode' in session) return session.exitCode;
  try {
    const unknown = unknownSelection(session, opts);
    if (unknown) {
      opts.err.write(`tripline: USAGE: ${unknown}\n`);
      return 2;
    }
    const broken = unreadableBaselines(session.loaded.config.snapshots, session.engine.pairs());
    if (broken.length > 0) {
      for (const line of broken) opts.err.write(`tripline: SNAPSHOT_IO: ${line}\n`);
      return 2;
    }
    const progress = terminalProgress(opts.err);
    const { findings } = await runCheckCycle(session, {
      alerts: opts.alerts,
      deprecations: opts.deprecations,
      alertStream: opts.json ? opts.err : opts.out,
      ...(opts.targets ? { targets: opts.targets } : {}),
      ...(opts.canaries ? { canaries: opts.canaries } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
    progress.end();
    const text = opts.json ? `${JSON.stringify(findings, null, 2)}\n` : formatFindings(findings);
    opts.out.write(redactSecrets(text, session.loaded.secrets));
    return exitCodeOf(findings);
  } finally {
    await session.close();
  }
}

/** A --target or --canary that names nothing scheduled (a typo must not pass as "no drift"). */
function unknownSelection(session: Session, opts: CheckOptions): string | null {
  const pairs = session.engine.pairs();
  const missing = (given: readonly string[] | undefined, known: Set<string>, flag: string): string | null => {
    const bad = (given ?? []).filter((g) => !known.has(g));
    return bad.length > 0 ? `${flag} ${bad.join(', ')}: not scheduled; known: ${[...known].sort().join(', ') || '(none)'}` : null;
  };
  return (
    missing(opts.targets, new Set(pairs.map((p) => p.target)), '--target') ??
    missing(opts.canaries, new Set(pairs.map((p) => p.canary)), '--canary')
  );
}
