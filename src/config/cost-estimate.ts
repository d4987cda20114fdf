import type { Canary, CanaryItem } from './canary-schema.js';
import { cronRunsPerDay } from '../domain/cron.js';
import type { ProviderConfig } from './schema.js';

/**
 * Output tokens counted per request when a canary sets no `params.maxTokens`: such a request runs
 * to the provider's own default cap (length-implicit-cap is built to hit it), which the estimate
 * cannot know. 16,384 is the default output limit of OpenAI's gpt-4o models and above the
 * Anthropic adapter's 1,024; models with larger limits cost more.
 */
export const UNSET_MAX_TOKENS_ASSUMED = 16_384;

/** Characters per token in the rough estimate (English text with common BPE tokenizers). */
const CHARS_PER_TOKEN = 4;

/**
 * Mean tokens per request that a canary really spent on a target, read from its baseline snapshot
 * (the pool's recorded usage). Preferred over the rough estimate: the estimate books every answer at
 * its cap, which for open-ended canaries is ten times what they spend.
 */
export interface MeasuredUsage {
  /** Mean billed input tokens per request. */
  inputPerRequest: number;
  /** Mean billed output tokens per request (thoughts reported apart from the answer included). */
  outputPerRequest: number;
  /** Samples the means are taken over. */
  samples: number;
}

/** Looks up the measured usage of a (target, canary) pair; undefined where there is no usable baseline. */
export type MeasuredLookup = (target: string, canaryId: string) => MeasuredUsage | undefined;

/**
 * Expected requests of a quiet cycle of a (target, canary) pair, where the canary stops early when the
 * evidence decides (sequential sampling, src/commands/power-model.ts); undefined where every cycle
 * sends what it plans. The layer above computes it: the stop rules live in the probes.
 */
export type QuietRequestsLookup = (target: string, canary: Canary) => number | undefined;

/** The configured canary load on one target, per day. */
export interface TargetLoad {
  /** `provider/model`. */
  target: string;
  /** How many canaries run on this target. */
  canaries: number;
  /** How many of them are costed from their baseline's measured usage (the rest are estimated). */
  measuredCanaries: number;
  /**
   * Expected requests per day (averaged over a year for schedules restricted to some days): quiet
   * cycles of canaries with a sequential stop counted at their expected requests, not at their plan.
   */
  requestsPerDay: number;
  /**
   * Requests per day if every cycle sent everything it plans, as a cycle that sees a change, a
   * baseline and a confirmation re-run do: the upper bound of `requestsPerDay`.
   */
  plannedRequestsPerDay: number;
  /** How many canaries are counted at their expected quiet-cycle requests (a sequential stop), below their plan. */
  sequentialCanaries: number;
  /** Input tokens per day at `requestsPerDay`: measured means where there is a baseline, else ceil(characters / 4) of system prompt and messages. */
  inputTokensPerDay: number;
  /** Output tokens per day at `requestsPerDay`: measured means where there is a baseline, else `params.maxTokens`, else `params.clientMaxTokens`, else UNSET_MAX_TOKENS_ASSUMED. */
  outputTokensPerDay: number;
  /** True when some canary's input was estimated from characters rather than measured. */
  inputEstimated: boolean;
  /** True when some canary's output was booked at its cap: the output figure (and the cost) is then an upper bound. */
  outputUpperBound: boolean;
  /** Cost per day in the budget's currency, null when the provider has no prices configured. */
  costPerDay: number | null;
}

/** What the estimate needs from the config. */
export interface LoadInput {
  targets: readonly string[];
  /** Default cron schedule for canaries without their own. */
  schedule: string;
  providers: Readonly<Record<string, Pick<ProviderConfig, 'budget'>>>;
}

/** ceil(chars / 4) of the system prompt and messages; an item's prompt replaces the last user message. */
export function estimateInputTokens(canary: Canary, item?: CanaryItem): number {
  const messages = canary.request.messages.map((m) => m.content);
  if (item) {
    const lastUser = canary.request.messages.map((m) => m.role).lastIndexOf('user');
    if (lastUser >= 0) messages[lastUser] = item.prompt;
    else messages.push(item.prompt);
  }
  const chars = (canary.request.system ?? '').length + messages.reduce((n, m) => n + m.length, 0);
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/** Requests one cycle of a canary sends to one target: samples x max(1, items). */
export function requestsPerCycle(canary: Canary): number {
  return canary.samples * Math.max(1, canary.items?.length ?? 0);
}

/**
 * Pure: the daily request and token load of the canary suite on each configured target, and its cost
 * where the target's provider has `budget.inputPricePerMTok` / `outputPricePerMTok`. Schedules must be
 * valid cron expressions (loadConfig has checked them).
 */
export function estimateLoad(
  input: LoadInput,
  canaries: readonly Canary[],
  measured: MeasuredLookup = () => undefined,
  /** Whether the canary is scheduled on the target at all (the runtime's applicability rules). */
  applies: (target: string, canary: Canary) => boolean = () => true,
  /** Expected requests of a quiet cycle where the canary stops early; the plan elsewhere. */
  quietRequests: QuietRequestsLookup = () => undefined,
): TargetLoad[] {
  const rows = new Map<string, TargetLoad>();
  for (const target of input.targets) {
    rows.set(target, {
      target,
      canaries: 0,
      measuredCanaries: 0,
      requestsPerDay: 0,
      plannedRequestsPerDay: 0,
      sequentialCanaries: 0,
      inputTokensPerDay: 0,
      outputTokensPerDay: 0,
      inputEstimated: false,
      outputUpperBound: false,
      costPerDay: null,
    });
  }
  for (const canary of canaries) {
    const cycles = cronRunsPerDay(canary.schedule ?? input.schedule);
    const items: (CanaryItem | undefined)[] = canary.items?.length ? canary.items : [undefined];
    const planned = requestsPerCycle(canary);
    const inputPerCycle = items.reduce((n, item) => n + canary.samples * estimateInputTokens(canary, item), 0);
    const p = canary.request.params;
    const outputPerRequest = (p.maxTokens ?? p.clientMaxTokens ?? UNSET_MAX_TOKENS_ASSUMED) * (p.n ?? 1);
    for (const target of canary.targets ?? input.targets) {
      const row = rows.get(target);
      if (!row || !applies(target, canary)) continue;
      const usage = measured(target, canary.id);
      const quiet = quietRequests(target, canary);
      const requests = quiet !== undefined && quiet < planned ? quiet : planned;
      row.canaries += 1;
      row.requestsPerDay += requests * cycles;
      row.plannedRequestsPerDay += planned * cycles;
      if (requests < planned) row.sequentialCanaries += 1;
      if (usage) {
        row.measuredCanaries += 1;
        row.inputTokensPerDay += usage.inputPerRequest * requests * cycles;
        row.outputTokensPerDay += usage.outputPerRequest * requests * cycles;
      } else {
        // A sequential stop visits the items in turn: its input is the plan's, pro rata.
        row.inputTokensPerDay += (requests === planned ? inputPerCycle : (inputPerCycle * requests) / planned) * cycles;
        row.outputTokensPerDay += outputPerRequest * requests * cycles;
        row.inputEstimated = true;
        row.outputUpperBound = true;
      }
    }
  }
  for (const row of rows.values()) row.costPerDay = cost(row, input.providers[providerOf(row.target)]);
  return [...rows.values()];
}

function providerOf(target: string): string {
  return target.slice(0, Math.max(0, target.indexOf('/')));
}

function cost(row: TargetLoad, provider: Pick<ProviderConfig, 'budget'> | undefined): number | null {
  const budget = provider?.budget;
  if (!budget || (budget.inputPricePerMTok === 0 && budget.outputPricePerMTok === 0)) return null;
  return (row.inputTokensPerDay * budget.inputPricePerMTok + row.outputTokensPerDay * budget.outputPricePerMTok) / 1e6;
}
