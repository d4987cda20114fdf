import type { ProviderConfig } from '../../config/schema.js';
import type { Finding } from '../../domain/finding.js';
import type { Sql } from '../../storage/index.js';

/** A provider's `budget:` block from tripline.yaml. */
export type BudgetLimits = NonNullable<ProviderConfig['budget']>;

/** What a provider spent on one UTC day. */
export interface BudgetSpend {
  provider: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  inputTokens: number;
  outputTokens: number;
  /** Estimated, in the currency of the configured prices. */
  cost: number;
  /** Runs recorded this day. */
  runs: number;
}

/** Whether a run may start: when not, `finding` is set the first time per provider and day only. */
export type BudgetDecision =
  | { allowed: true; release: () => void }
  | { allowed: false; spend: BudgetSpend; finding: Finding | null };

/** Per-provider, per-UTC-day token and cost budget, kept in SQLite (table `budget_spend`). */
export interface Budget {
  /** Admits a run unless the day's spend plus the expected cost of this run would pass a limit. */
  admit(provider: string): Promise<BudgetDecision>;
  /** Adds a finished run's tokens to the provider's day. */
  record(provider: string, inputTokens: number, outputTokens: number): Promise<BudgetSpend>;
  /** The provider's spend today. */
  spend(provider: string): Promise<BudgetSpend>;
}

export interface BudgetOptions {
  db: Sql;
  /** The provider's budget block, or undefined when it has none (reads the current config). */
  limits: (provider: string) => BudgetLimits | undefined;
  now?: () => Date;
}

interface SpendRow {
  input_tokens: number;
  output_tokens: number;
  cost: number;
  runs: number;
}

export function costOf(limits: BudgetLimits | undefined, input: number, output: number): number {
  if (!limits) return 0;
  return (input * limits.inputPricePerMTok + output * limits.outputPricePerMTok) / 1_000_000;
}

export function createBudget(opts: BudgetOptions): Budget {
  const now = opts.now ?? (() => new Date());
  const { db } = opts;
  const reserved = new Map<string, number>();
  const select = 'SELECT input_tokens, output_tokens, cost, runs FROM budget_spend WHERE provider = ? AND day = ?';
  const add = `INSERT INTO budget_spend (provider, day, input_tokens, output_tokens, cost, runs) VALUES (?, ?, ?, ?, ?, 1)
     ON CONFLICT(provider, day) DO UPDATE SET input_tokens = budget_spend.input_tokens + excluded.input_tokens,
       output_tokens = budget_spend.output_tokens + excluded.output_tokens, cost = budget_spend.cost + excluded.cost,
       runs = budget_spend.runs + 1`;
  const claim = `INSERT INTO budget_spend (provider, day, exhausted_reported_at) VALUES (?, ?, ?)
     ON CONFLICT(provider, day) DO UPDATE SET exhausted_reported_at = excluded.exhausted_reported_at
     WHERE budget_spend.exhausted_reported_at IS NULL`;

  const spend = async (provider: string): Promise<BudgetSpend> => {
    const day = now().toISOString().slice(0, 10);
    const row = await db.get<SpendRow>(select, [provider, day]);
    return {
      provider,
      day,
      inputTokens: row?.input_tokens ?? 0,
      outputTokens: row?.output_tokens ?? 0,
      cost: row?.cost ?? 0,
      runs: row?.runs ?? 0,
    };
  };

  return {
    async admit(provider) {
      const limits = opts.limits(provider);
      if (!limits || (limits.tokensPerDay === undefined && limits.costPerDay === undefined)) {
        return { allowed: true, release: () => undefined };
      }
      const s = await spend(provider);
      const tokens = s.inputTokens + s.outputTokens;
      // Expected cost of one more run: today's average; runs already in flight count as spent.
      const perRun = s.runs > 0 ? { tokens: tokens / s.runs, cost: s.cost / s.runs } : { tokens: 0, cost: 0 };
      const inFlight = (reserved.get(provider) ?? 0) + 1;
      const overTokens = limits.tokensPerDay !== undefined && over(tokens, perRun.tokens * inFlight, limits.tokensPerDay);
      const overCost = limits.costPerDay !== undefined && over(s.cost, perRun.cost * inFlight, limits.costPerDay);
      if (!overTokens && !overCost) {
        reserved.set(provider, inFlight);
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          reserved.set(provider, Math.max(0, (reserved.get(provider) ?? 1) - 1));
        };
        return { allowed: true, release };
      }
      const at = now().toISOString();
      const first = (await db.run(claim, [provider, s.day, at])).changes === 1;
      return { allowed: false, spend: s, finding: first ? exhaustedFinding(s, limits, at) : null };
    },
    async record(provider, inputTokens, outputTokens) {
      const day = now().toISOString().slice(0, 10);
      await db.run(add, [provider, day, inputTokens, outputTokens, costOf(opts.limits(provider), inputTokens, outputTokens)]);
      return spend(provider);
    },
    spend,
  };
}

function over(spent: number, expected: number, limit: number): boolean {
  return spent >= limit || spent + expected > limit;
}

function exhaustedFinding(s: BudgetSpend, limits: BudgetLimits, at: string): Finding {
  const tokens = s.inputTokens + s.outputTokens;
  return {
    kind: 'budget.exhausted',
    severity: 'warning',
    target: s.provider,
    subject: s.day,
    summary: `daily budget of provider ${s.provider} exhausted: ${tokens} tokens, cost ${s.cost.toFixed(4)} on ${s.day} (UTC)`,
    evidence: {
      day: s.day,
      tokens,
      tokensPerDay: limits.tokensPerDay ?? null,
      cost: s.cost,
      costPerDay: limits.costPerDay ?? null,
      runs: s.runs,
    },
    action: `Canaries of ${s.provider} are paused until 00:00 UTC; raise providers.${s.provider}.budget or reduce canary samples or schedules.`,
    detectedAt: at,
  };
}
