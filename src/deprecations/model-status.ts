import type { FindingDraft } from '../domain/finding.js';
import type { ModelStatus } from '../domain/observation.js';
import { formatDate, parseDate } from './dates.js';

const GOING_AWAY = /^(deprecated|retired|shutdown|discontinued)$/i;

/**
 * Gemini reports a model's lifecycle inside responses (`modelStatus.modelStage`,
 * `retirementTime`). A DEPRECATED / RETIRED stage or any retirement time is an announcement for
 * the target; null when the response says nothing about going away.
 */
export function findingFromModelStatus(target: string, modelStatus: ModelStatus | null): (FindingDraft & { target: string }) | null {
  if (!modelStatus) return null;
  const stage = modelStatus.stage ?? '';
  const retirement = modelStatus.retirementTime ? parseDate(modelStatus.retirementTime) : undefined;
  if (!GOING_AWAY.test(stage) && !retirement) return null;
  const model = target.slice(target.indexOf('/') + 1);
  const when = retirement ? `; retirement ${formatDate(retirement)}` : '';
  return {
    kind: 'deprecation.announced',
    severity: 'warning',
    target,
    subject: model,
    summary: `${model} reports lifecycle stage ${stage === '' ? 'unknown' : stage} in its responses${when}`,
    evidence: {
      after: {
        stage: modelStatus.stage,
        retirementTime: modelStatus.retirementTime,
        ...(retirement ? { iso: retirement.iso, precision: retirement.precision } : {}),
      },
      ...(modelStatus.message ? { message: modelStatus.message } : {}),
      source: 'response modelStatus',
    },
    action: `Plan the migration of ${target} to a supported model${retirement?.iso ? ` before ${retirement.iso}` : ''}; see the provider's deprecations page.`,
  };
}
