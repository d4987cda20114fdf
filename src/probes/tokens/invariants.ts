import { reasoningApart } from '../../domain/billing.js';
import type { FindingDraft } from '../../domain/finding.js';
import type { Usage } from '../../domain/observation.js';
import type { ProbeContext } from '../types.js';
import type { TokensSummary } from './schema.js';

type Check = 'ok' | 'broken' | 'n/a';

/**
 * total = input + output, or input + output + reasoning where reasoning is reported apart (Gemini
 * thoughts); tool-use prompt tokens (Gemini) are part of the total on top of either.
 */
export function totalCheck(u: Usage): Check {
  if (u.total === null || u.input === null || u.output === null) return 'n/a';
  const base = u.input + u.output + (u.toolUse ?? 0);
  if (u.total === base) return 'ok';
  return u.reasoning !== null && u.total === base + u.reasoning ? 'ok' : 'broken';
}

/** reasoning ≤ output where reasoning is counted inside output (OpenAI, Anthropic). */
export function reasoningCheck(u: Usage): Check {
  if (u.reasoning === null || u.output === null) return 'n/a';
  if (reasoningApart(u)) return 'n/a';
  return u.reasoning <= u.output ? 'ok' : 'broken';
}

/** Whether each invariant held in every sample where it could be checked. */
export function invariantsHeld(usages: readonly Usage[]): TokensSummary['invariants'] {
  return {
    total: usages.every((u) => totalCheck(u) !== 'broken'),
    reasoning: usages.every((u) => reasoningCheck(u) !== 'broken'),
  };
}

/** Drafts for invariants that held in the baseline and are broken now. */
export function invariantDrafts(held: TokensSummary['invariants'], usages: readonly Usage[], ctx: ProbeContext): FindingDraft[] {
  const rules = [
    { subject: 'total', held: held.total, check: totalCheck, text: 'total ≠ input + output' },
    { subject: 'reasoning', held: held.reasoning, check: reasoningCheck, text: 'reasoning > output' },
  ] as const;
  const drafts: FindingDraft[] = [];
  for (const rule of rules) {
    const broken = usages.filter((u) => rule.check(u) === 'broken');
    const first = broken[0];
    if (!rule.held || !first) continue;
    drafts.push({
      kind: 'tokens.invariant_broken',
      severity: 'warning',
      subject: rule.subject,
      summary: `usage invariant broken (${rule.text}) in ${broken.length}/${usages.length} responses: input ${first.input}, output ${first.output}, reasoning ${first.reasoning}, total ${first.total}`,
      evidence: { before: 'held in every baseline sample', after: broken.slice(0, 5), broken: broken.length, of: usages.length },
      action: `The provider's usage accounting changed: bill and budget from your own counts until it is explained, and report it to the provider; this cannot be accepted away by re-baselining ${ctx.canary.id}.`,
    });
  }
  return drafts;
}
