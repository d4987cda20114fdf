import type { CanaryRunResult } from './types.js';
import type { Sql } from '../../storage/index.js';

/** Appends the run to the history table (tokens spent feed budgets and metrics). */
export async function recordRun(db: Sql, run: CanaryRunResult): Promise<void> {
  await db.run(
    `INSERT INTO runs (target, canary, started_at, finished_at, result, requests, input_tokens, output_tokens)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
    run.target,
    run.canary,
    run.startedAt,
    new Date(Date.parse(run.startedAt) + run.durationMs).toISOString(),
    run.result,
    run.requests,
    run.inputTokens,
    run.outputTokens,
    ],
  );
}
