import type { FindingDraft } from '../domain/finding.js';

/** A scalar fact read from a metadata endpoint (Gemini `models.get`, Anthropic `GET /v1/models`). */
export type Primitive = string | number | boolean | null;

/** Keys that are an output token limit: a change moves the effective max_tokens (docs/statistics.md#implicit-defaults). */
const OUTPUT_CAP = /^(max_?tokens|max_?output_?tokens|output_?token_?limit)$/i;

const show = (v: Primitive | undefined): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/**
 * Exact diff of a side endpoint's facts (`name` says which, e.g. `models.get gemini-2.5-flash`).
 * One draft per changed, added or removed key: output token limits → tokens.output_cap_changed,
 * everything else (temperature, topP, topK, input limits ...) → defaults.changed; both warnings.
 */
export function diffSideFacts(
  name: string,
  before: Readonly<Record<string, Primitive>>,
  after: Readonly<Record<string, Primitive>>,
): FindingDraft[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key): FindingDraft[] => {
    const was = before[key];
    const now = after[key];
    if (was === now) return [];
    const cap = OUTPUT_CAP.test(key);
    return [
      {
        kind: cap ? 'tokens.output_cap_changed' : 'defaults.changed',
        severity: 'warning',
        subject: `${name}.${key}`,
        summary: `${name}: ${key} changed ${show(was)} → ${show(now)}`,
        evidence: { before: was ?? null, after: now ?? null, source: name, key },
        action: cap
          ? `The default output limit moved: requests without an explicit max tokens now stop at a different length; set it explicitly where truncation or cost matters.`
          : `An implicit default changed: pin ${key} explicitly in requests that depend on it and re-run your evals.`,
      },
    ];
  });
}
