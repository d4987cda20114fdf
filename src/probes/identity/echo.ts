/**
 * Echoed effective settings and the account (docs/statistics.md#echoed-settings): exact novelty
 * against the baseline. A setting value the baseline never saw is `defaults.changed` (the provider
 * changed what an unset parameter means); an account or region value it never saw is
 * `identity.account_changed`.
 */
import type { FindingDraft } from '../../domain/finding.js';
import type { EchoValue, SuccessObservation } from '../../domain/observation.js';
import { acceptTargetCommand } from '../accept-hint.js';
import type { ProbeContext } from '../types.js';
import type { EchoSummary } from './schema.js';

const show = (v: EchoValue): string => JSON.stringify(v);
const byKey = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));

function addValue<T extends EchoValue>(into: Record<string, T[]>, key: string, value: T): void {
  const known = into[key] ?? [];
  if (!known.some((v) => show(v) === show(value))) into[key] = [...known, value].sort((a, b) => (show(a) < show(b) ? -1 : 1));
}

/** Distinct echoed settings and account values over samples. */
export function summarizeEchoes(samples: readonly Pick<SuccessObservation, 'echoed' | 'account'>[]): EchoSummary {
  const settings: Record<string, EchoValue[]> = {};
  const account: Record<string, string[]> = {};
  for (const s of samples) {
    for (const [path, value] of Object.entries(s.echoed ?? {})) addValue(settings, path, value);
    for (const [name, value] of Object.entries(s.account ?? {})) addValue(account, name, value);
  }
  return { settings: byKey(settings), account: byKey(account) };
}

export function mergeEchoes(a: EchoSummary, b: EchoSummary): EchoSummary {
  const settings: Record<string, EchoValue[]> = { ...a.settings };
  const account: Record<string, string[]> = { ...a.account };
  for (const [path, values] of Object.entries(b.settings)) for (const v of values) addValue(settings, path, v);
  for (const [name, values] of Object.entries(b.account)) for (const v of values) addValue(account, name, v);
  return { settings: byKey(settings), account: byKey(account) };
}

function settingDraft(path: string, known: EchoValue[], value: EchoValue, ctx: ProbeContext): FindingDraft {
  const setting = path.replace(/^\$\./, '');
  return {
    kind: 'defaults.changed',
    severity: 'warning',
    subject: `echo ${path}`,
    summary: `the response now echoes ${setting} = ${show(value)} (baseline: ${known.map(show).join(', ')})`,
    evidence: { before: known, after: value, source: 'response body', key: setting },
    action: `The effective ${setting} this canary runs with changed without a request change: the provider's default moved (or the account's settings did). Pin ${setting} explicitly in requests that depend on it, re-run your evals, then accept with ${acceptTargetCommand(ctx)}.`,
  };
}

const ACCOUNT_ACTION: Record<string, string> = {
  'openai-organization': 'Requests are billed to and governed by another OpenAI organization: check which API key is deployed (a rotated or swapped key), usage limits, billing and data-retention agreements of that organization',
  'openai-project': 'Requests now run under another OpenAI project: check which key is deployed, the project\'s rate limits, budgets, allowed models and data controls',
  'anthropic-organization-id': 'Requests are billed to and governed by another Anthropic organization: check which API key is deployed, its workspace limits, billing and data-retention agreements',
  '$.usage.inference_geo': 'Inference now runs in another geography: check the request\'s or workspace\'s inference_geo setting against your data-residency obligations (and the price difference)',
};

function accountDraft(name: string, known: string[], value: string, ctx: ProbeContext): FindingDraft {
  const what = name.startsWith('$.') ? name.replace(/^\$\./, '') : `header ${name}`;
  return {
    kind: 'identity.account_changed',
    severity: 'warning',
    subject: name,
    summary: `${what} is now ${value} (baseline: ${known.join(', ')})`,
    evidence: { before: known, after: value },
    action: `${ACCOUNT_ACTION[name] ?? 'The account answering this target changed: check which key, organization and region are in use'}; then accept with ${acceptTargetCommand(ctx)}.`,
  };
}

/** Drafts for values the baseline never saw; a baseline without the section (older snapshot) compares nothing. */
export function echoDrafts(baseline: Partial<EchoSummary>, now: EchoSummary, ctx: ProbeContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const [path, values] of Object.entries(now.settings)) {
    const known = baseline.settings?.[path];
    if (!known) continue; // a setting the baseline never echoed is a new field: the shape probe's
    for (const v of values.filter((x) => !known.some((k) => show(k) === show(x)))) drafts.push(settingDraft(path, known, v, ctx));
  }
  for (const [name, values] of Object.entries(now.account)) {
    const known = baseline.account?.[name];
    if (!known) continue;
    for (const v of values.filter((x) => !known.includes(x))) drafts.push(accountDraft(name, known, v, ctx));
  }
  return drafts;
}
