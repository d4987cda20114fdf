import type { CanaryRunResult } from './types.js';
import type { Fence, Fenced } from '../../storage/index.js';

/**
 * Appends the run to the runs table (tokens spent feed budgets and metrics), under the fence: a
 * leader that was superseded records nothing. `slotAt` is the scheduled slot the run was claimed for.
 */
export async function recordRun(fence: Fence, run: CanaryRunResult, slotAt?: number): Promise<Fenced<unknown>> {
  return fence.write((tx) =>
    tx.run(
    `INSERT INTO runs (target, canary, started_at, finished_at, result, requests, input_tokens, output_tokens, slot_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
    run.target,
    run.canary,
    run.startedAt,
    new Date(Date.parse(run.startedAt) + run.durationMs).toISOString(),
    run.result,
    run.requests,
    run.inputTokens,
    run.outputTokens,
    slotAt ?? null,
    ],
    ),
  );
}
