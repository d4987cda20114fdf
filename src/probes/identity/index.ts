import type { FindingDraft } from '../../domain/finding.js';
import type { SuccessObservation } from '../../domain/observation.js';
import { parseTarget } from '../../domain/target.js';
import { acceptTargetCommand } from '../accept-hint.js';
import type { Probe, ProbeContext } from '../types.js';
import { echoDrafts, mergeEchoes, summarizeEchoes } from './echo.js';
import { mergeSets, observe } from './novelty.js';
import { IdentitySummary, type IdentityState } from './schema.js';

function summarize(samples: readonly SuccessObservation[]): IdentitySummary {
  return {
    models: observe({}, samples.map((s) => ({ value: s.modelReported, at: s.timestamp }))),
    fingerprints: observe({}, samples.map((s) => ({ value: s.fingerprint, at: s.timestamp }))),
    ...summarizeEchoes(samples),
  };
}

/**
 * A grown pool: snapshot files keep no echoes or headers per sample, so the sections are merged,
 * never re-summarized from pooled samples.
 */
function merge(a: IdentitySummary, b: IdentitySummary): IdentitySummary {
  const echoes = a.settings && a.account && b.settings && b.account ? mergeEchoes({ settings: a.settings, account: a.account }, { settings: b.settings, account: b.account }) : {};
  return { models: mergeSets(a.models, b.models), fingerprints: mergeSets(a.fingerprints, b.fingerprints), ...echoes };
}

function modelDraft(value: string, baseline: IdentitySummary, seen: IdentityState, ctx: ProbeContext): FindingDraft {
  const alias = parseTarget(ctx.target)?.model ?? ctx.target;
  const before = Object.keys(baseline.models);
  return {
    kind: 'identity.model_changed',
    severity: 'warning',
    subject: value,
    summary: `${alias} now reports model ${value} (baseline: ${before.join(', ') || 'none'})`,
    evidence: {
      before,
      after: value,
      mapping: { alias, before, after: value },
      firstSeen: seen.models[value]?.firstSeen,
      lastSeen: seen.models[value]?.lastSeen,
    },
    action: `The alias ${alias} points at other weights now: re-run your evals against ${value}, pin the dated snapshot id if you need the old behaviour, and accept with ${acceptTargetCommand(ctx)} once reviewed.`,
  };
}

function fingerprintDraft(value: string, baseline: IdentitySummary, seen: IdentityState, ctx: ProbeContext): FindingDraft {
  const before = Object.keys(baseline.fingerprints);
  return {
    kind: 'reproducibility.fingerprint_changed',
    severity: 'info',
    subject: value,
    summary: `backend fingerprint ${value} is new (baseline: ${before.join(', ') || 'none'})`,
    evidence: { before, after: value, firstSeen: seen.fingerprints[value]?.firstSeen, lastSeen: seen.fingerprints[value]?.lastSeen },
    action: `The provider changed its serving configuration; expect seeded outputs to differ and watch the statistical probes for a behaviour shift. Accept with ${acceptTargetCommand(ctx)}.`,
  };
}

/**
 * Identity echo (docs/statistics.md#identity-echo): novelty sets of the reported model id and backend fingerprint. A model id
 * the baseline never saw is a warning (alias re-pointed); a new fingerprint is informational. Echoed
 * settings and the account are compared exactly too (docs/statistics.md#echoed-settings).
 * State carries first/last seen of every value since the baseline, across cycles.
 */
export const identity = {
  id: 'identity',
  summarySchema: IdentitySummary,
  summarize: (samples, _ctx) => summarize(samples),
  merge,
  evaluate({ baseline, current, state, ctx }) {
    const now = summarize(current);
    const seen: IdentityState = {
      models: mergeSets(state?.models ?? {}, now.models),
      fingerprints: mergeSets(state?.fingerprints ?? {}, now.fingerprints),
    };
    const newModels = Object.keys(now.models).filter((m) => !(m in baseline.summary.models));
    const newPrints = Object.keys(now.fingerprints).filter((f) => !(f in baseline.summary.fingerprints));
    const findings = [
      ...newModels.map((m) => modelDraft(m, baseline.summary, seen, ctx)),
      ...newPrints.map((f) => fingerprintDraft(f, baseline.summary, seen, ctx)),
      ...echoDrafts(baseline.summary, summarizeEchoes(current), ctx),
    ];
    return {
      findings,
      state: seen,
      metrics: { models: Object.keys(now.models).length, newModels: newModels.length, newFingerprints: newPrints.length },
    };
  },
} satisfies Probe<IdentitySummary, IdentityState>;
