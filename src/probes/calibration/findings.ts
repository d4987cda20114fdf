/** The calibration probe's findings, built from a cycle's outcome (pure). */
import type { FindingDraft } from '../../domain/finding.js';
import type { CalibrationOutcome } from './detector.js';
import type { WorstItem } from './worst-item.js';

const f3 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(3));

/** Confidence moved across the items: a rescale, a temperature or calibration change. */
export function shiftFinding(o: CalibrationOutcome, extra: Record<string, unknown>): FindingDraft {
  return {
    kind: 'calibration.shift',
    severity: 'warning',
    subject: 'confidence',
    summary: `confidence on ${o.items} known-answer items got ${o.direction}: median Δlogit ${o.medianLogitChange.toFixed(2)} (Wilcoxon p ${o.wilcoxon.pValue.toPrecision(2)}, McNemar p ${o.mcnemar.pValue.toPrecision(2)}); ECE ${f3(o.before.ece)} → ${f3(o.after.ece)}`,
    evidence: {
      direction: o.direction,
      effectSize: { medianLogitChange: o.medianLogitChange, rankBiserial: o.wilcoxon.effectSize },
      pWilcoxon: o.wilcoxon.pValue,
      pMcNemar: o.mcnemar.pValue,
      ...(o.worst ? { worstItem: o.worst } : {}),
      pValue: o.pValue,
      correctness: { lostItems: o.mcnemar.b, gainedItems: o.mcnemar.c },
      before: o.before,
      after: o.after,
      items: o.items,
      ...extra,
    },
    action:
      'Logprob-derived confidence moved (temperature/calibration change or a different model): re-check thresholds that use logprobs as confidence, and the provider changelog.',
  };
}

/** A few items moved far beyond run-to-run noise and the rest did not: other weights behind part of the traffic. */
export function partialTrafficFinding(o: CalibrationOutcome, worst: WorstItem, extra: Record<string, unknown>): FindingDraft {
  const share = `${worst.movedItems} of ${o.items}`;
  return {
    kind: 'identity.behavior_shift',
    severity: 'warning',
    subject: 'partial traffic',
    summary: `${share} known-answer items changed confidence far beyond run-to-run noise while the rest held (worst: item ${worst.item}, Δlogit ${worst.change.toFixed(3)}, z ${worst.z.toFixed(1)}, p ${worst.pValue.toPrecision(2)}): part of the requests are answered by other weights`,
    evidence: {
      worstItem: worst,
      movedItems: worst.movedItems,
      items: o.items,
      pValue: o.pValue,
      pWilcoxon: o.wilcoxon.pValue,
      pMcNemar: o.mcnemar.pValue,
      effectSize: { worstItemLogitChange: worst.change, worstItemZ: worst.z, medianLogitChange: o.medianLogitChange },
      before: o.before,
      after: o.after,
      ...extra,
    },
    action:
      'Some requests (sticky per request) reach a different model under the same id: compare outputs of the moved items against your baseline, check response headers and system_fingerprint for a second value, and ask the provider whether a rollout or routing change is in progress.',
  };
}
