import type { Db } from '../state/store.js';
import type { CanaryRunResult } from './types.js';
import { prepared } from '../state/prepared.js';

/** Appends the run to the history table (tokens spent feed budgets and metrics). */
export function recordRun(db: Db, run: CanaryRunResult): void {
  prepared(
    db,
    `INSERT INTO runs (target, canary, started_at, finished_at, result, requests, input_tokens, output_tokens)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    run.target,
    run.canary,
    run.startedAt,
    new Date(Date.parse(run.startedAt) + run.durationMs).toISOString(),
    run.result,
    run.requests,
    run.inputTokens,
    run.outputTokens,
  );
}
