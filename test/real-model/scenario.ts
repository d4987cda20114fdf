/**
 * The real-model scenario shared by the e2e suite and bench/real-model: a workspace whose only
 * target is the story model behind the local server, the story canaries, and one CLI cycle.
 */
import { resolve } from 'node:path';
import { parseFindings, runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { MODEL_NAME, repoRoot, type ModelServer } from './launch.js';

/** The target every story canary runs against. */
export const TARGET = `llama/${MODEL_NAME}`;

/** Baseline cycles pooled before any check; also the warm-up length, so checks never grow the pool. */
export const BASELINE_CYCLES = 3;

/** A GGUF file of ../shared/models swapped in behind the model name (see its README for how it was made). */
export interface Swap {
  file: string;
  label: string;
}

export const SWAPS: readonly Swap[] = [
  { file: 'stories260K-Q4_0.gguf', label: 'Q4_0' },
  { file: 'stories260K-logits-x1.25.gguf', label: 'logits ×1.25' },
  { file: 'stories260K-Q8_0.gguf', label: 'Q8_0' },
  { file: 'stories260K-F16.gguf', label: 'F16' },
];

/** The shipped story canaries (a folder of their own: they suit a story model, not a chat model). */
export function storyCanariesDir(root = repoRoot()): string {
  return resolve(root, 'canaries', 'real-model');
}

/** A temporary project pointed at the server, with the story canaries. */
export function realModelWorkspace(server: ModelServer): Workspace {
  return makeWorkspace({
    config: {
      providers: { llama: { type: 'openai-compatible', baseUrl: server.baseUrl, timeout: 20_000, maxRetries: 0 } },
      targets: [TARGET],
      canaries: storyCanariesDir(),
      // The two-cycle rule the real-model spec and bench are written for (confirmAfter off).
      evaluation: { warmupCycles: BASELINE_CYCLES, confirmAfter: 'off' },
    },
  });
}

/** One finding as `check --json` prints it. */
export interface CheckFinding {
  kind: string;
  severity: string;
  target: string;
  canary?: string;
  summary?: string;
}

/** `tripline baseline --cycles N`; throws with the CLI output unless it exits 0. */
export async function recordBaseline(ws: Workspace, cycles = BASELINE_CYCLES): Promise<void> {
  const r = await runCli(['baseline', '--config', ws.configPath, '--cycles', String(cycles)], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`baseline exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
}

/** One `tripline check --json` cycle without alerts or deprecation pages. */
export async function checkCycle(ws: Workspace): Promise<{ code: number | null; findings: CheckFinding[] }> {
  const r = await runCli(['check', '--json', '--no-alerts', '--no-deprecations', '--config', ws.configPath], { timeoutMs: 120_000 });
  return { code: r.code, findings: parseFindings(r) as CheckFinding[] };
}

/** Warning and critical findings: what makes `check` exit 1. */
export function actionable(findings: readonly CheckFinding[]): CheckFinding[] {
  return findings.filter((f) => f.severity !== 'info');
}
