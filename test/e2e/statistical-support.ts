import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runBaseline } from '../../src/commands/baseline.js';
import { runCheck } from '../../src/commands/check.js';
import type { CliResult } from '../support/cli.js';
import type { Workspace } from '../support/workspace.js';

/** The shipped statistical canaries (issue 4). */
export const STATISTICAL = [
  'calibration-mcq.yaml',
  'logprob-tracking.yaml',
  'reproducibility-seeded.yaml',
  'length-verbosity.yaml',
  'length-implicit-cap.yaml',
  'border-inputs.yaml',
];

/**
 * Simulator options for specs of the wiring (a drift is reported, confirmed, sent whole), not of
 * power: `seed-lost` diverges 90 % of answers instead of its 50 %. At 50 % the seeded canary's quiet
 * stop ends a drifting cycle after 8 agreeing samples in 0.4 % of cycles (0.5^8: the power its
 * design may lose, at most 5 %; the detection bench measures it), which made these specs fail about
 * once in twenty CI runs; at 90 % that is 1e-8.
 */
export const WIRING_OPTIONS = { seedLostDivergence: 0.9 } as const;

export interface FindingJson {
  kind: string;
  severity: string;
  target: string;
  canary?: string;
  subject?: string;
  summary: string;
  evidence: Record<string, unknown>;
}

const clones: string[] = [];

/** Removes the workspaces `cloneWorkspace` made (a baseline pool is a few MB each). */
export function removeClones(): void {
  for (const dir of clones.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A copy of a workspace after `baseline`: config, canaries, snapshots and the state directory, so
 * every scenario starts from the same reviewed pool without paying for the baseline again.
 */
export function cloneWorkspace(base: Workspace): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-e2e-stat-'));
  clones.push(dir);
  cpSync(base.dir, dir, { recursive: true });
  return {
    dir,
    configPath: join(dir, 'tripline.yaml'),
    canariesDir: join(dir, 'canaries'),
    snapshotsDir: join(dir, 'snapshots'),
  };
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * `tripline check --json --no-alerts` (`check --json` with `alerts: true`) in this process: the same runCheck the CLI's action calls,
 * with stdout/stderr captured (the JSON log lines too, as the CLI writes them to its stderr). Saves
 * the process start (Node, dist/, its dependencies) per cycle in the long runs; each spec still
 * spawns the built CLI for every distinct path it covers.
 */
export async function checkInProcess(ws: Workspace, env: Record<string, string>, opts: { alerts?: boolean } = {}): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const code = await runCheck({
    configPath: ws.configPath,
    out: out.stream,
    err: err.stream,
    logTo: err.stream,
    env: { ...env, NODE_ENV: 'test' },
    json: true,
    alerts: opts.alerts ?? false,
    deprecations: false,
  });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** `tripline baseline` (all targets and canaries, one cycle) in this process, as checkInProcess runs a check. */
export async function baselineInProcess(ws: Workspace, env: Record<string, string>): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const code = await runBaseline({ configPath: ws.configPath, out: out.stream, err: err.stream, logTo: err.stream, env: { ...env, NODE_ENV: 'test' }, cycles: 1, json: false });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Parsed `check --json` output with evidence; throws with the output when it is not JSON. */
export function findingsOf(result: CliResult): FindingJson[] {
  try {
    return JSON.parse(result.stdout) as FindingJson[];
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Warning and critical findings as `canary:kind`. */
export function actionable(findings: readonly FindingJson[]): string[] {
  return findings.filter((f) => f.severity !== 'info').map((f) => `${f.canary ?? '-'}:${f.kind}`);
}

/** A snapshot file of the workspace, parsed. */
export function readSnapshotJson(ws: Workspace, target: string, canary: string): {
  collection: { cycles: number; samples: number };
  probes: Record<string, Record<string, unknown>>;
  samples: unknown[];
} {
  return JSON.parse(readFileSync(join(ws.snapshotsDir, ...target.split('/'), `${canary}.json`), 'utf8'));
}
