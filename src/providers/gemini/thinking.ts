import type { ThinkingSetting } from '../../domain/observation.js';

/** The `generationConfig.thinkingConfig` a canary sends, and what the observation says about it. */
export interface ThinkingPlan {
  config: { thinkingBudget: number } | { thinkingLevel: string };
  setting: ThinkingSetting;
}

/**
 * Output tokens added to `maxOutputTokens` for models that always think and take a thinking level
 * rather than a budget: a level has no token bound, so this is our choice, generous for the short
 * canary prompts (the answer gets what the thoughts leave).
 */
export const LEVEL_CAP_ALLOWANCE = 1024;

interface Rule {
  test: RegExp;
  config: ThinkingPlan['config'];
  canTurnOff: boolean;
}

/**
 * The smallest thinking each model family accepts (https://ai.google.dev/gemini-api/docs/thinking):
 * 2.5 Flash and Flash-Lite turn it off with budget 0; 2.5 Pro cannot, its budget range starts at
 * 128; Gemini 3 takes `thinkingLevel` (a budget and a level in one request is a 400), `low` on Pro,
 * `minimal` on Flash, and neither turns thinking off. First match wins.
 */
const RULES: readonly Rule[] = [
  { test: /^gemini-2\.5-flash/, config: { thinkingBudget: 0 }, canTurnOff: true },
  { test: /^gemini-2\.5-pro/, config: { thinkingBudget: 128 }, canTurnOff: false },
  { test: /^gemini-3(\.\d+)?-flash/, config: { thinkingLevel: 'minimal' }, canTurnOff: false },
  { test: /^gemini-3/, config: { thinkingLevel: 'low' }, canTurnOff: false },
];

/** The thinking plan for a model id (no `models/` prefix), or null for models that do not think. */
export function thinkingPlan(model: string): ThinkingPlan | null {
  const rule = RULES.find((r) => r.test.test(model));
  if (!rule) return null;
  const [key, value] = Object.entries(rule.config)[0] ?? ['', ''];
  const allowance = rule.canTurnOff ? 0 : 'thinkingBudget' in rule.config ? rule.config.thinkingBudget : LEVEL_CAP_ALLOWANCE;
  return { config: rule.config, setting: { sent: `${key}=${String(value)}`, canTurnOff: rule.canTurnOff, capAllowance: allowance } };
}
