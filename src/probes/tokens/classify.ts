/** One prompt's input-token count before and after, with its length. */
export interface InputShift {
  /** Canary id (or item id) the counts belong to. */
  canary: string;
  /** Code points of the prompt. */
  chars: number;
  /** Non-ASCII code points of the prompt. */
  nonAscii: number;
  /** Baseline input tokens. */
  before: number;
  /** Current input tokens. */
  after: number;
}

/** What a set of input-token changes looks like. */
export interface InputShiftVerdict {
  /** `constant_offset`: the same delta everywhere (hidden prompt, chat template); `tokenizer`: delta grows with text; `mixed`: both; `undetermined`: one prompt only. */
  kind: 'none' | 'constant_offset' | 'tokenizer' | 'mixed' | 'undetermined';
  /** Fitted delta at zero length, tokens. */
  intercept: number;
  /** Fitted delta per 1,000 characters. */
  slopePer1k: number;
  /** One sentence for people. */
  explanation: string;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits + 0; // + 0 turns -0 into 0
const signed = (n: number): string => (n >= 0 ? `+${n}` : String(n));
const allEqual = (xs: readonly number[]): boolean => xs.every((x) => x === xs[0]);

/** Least-squares fit of delta = intercept + slope * chars; null when all lengths are equal. */
function fit(changes: readonly InputShift[]): { intercept: number; slope: number } | null {
  const n = changes.length;
  const mx = changes.reduce((s, c) => s + c.chars, 0) / n;
  const my = changes.reduce((s, c) => s + (c.after - c.before), 0) / n;
  const sxx = changes.reduce((s, c) => s + (c.chars - mx) ** 2, 0);
  if (sxx === 0) return null;
  const sxy = changes.reduce((s, c) => s + (c.chars - mx) * (c.after - c.before - my), 0);
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/**
 * Separates a tokenizer change from a constant offset across prompts of different lengths
 * (docs/statistics.md#token-accounting). Rules, in order: no delta → none; one prompt → undetermined (with a hint from
 * its non-ASCII share); the same delta everywhere → constant offset; ASCII-only prompts sharing
 * one delta while non-ASCII prompts move more → tokenizer change in non-ASCII text (on top of
 * that offset); otherwise a least-squares line: intercept under one token → tokenizer, else mixed.
 */
export function classifyInputShift(changes: readonly InputShift[]): InputShiftVerdict {
  const deltas = changes.map((c) => c.after - c.before);
  const line = changes.length >= 2 ? fit(changes) : null;
  const intercept = round(line?.intercept ?? deltas[0] ?? 0);
  const slopePer1k = round((line?.slope ?? 0) * 1000);
  const base = { intercept, slopePer1k };
  if (deltas.every((d) => d === 0)) return { kind: 'none', ...base, explanation: 'input token counts are unchanged' };
  const [only] = changes;
  if (changes.length === 1 && only) {
    const share = only.chars ? only.nonAscii / only.chars : 0;
    const delta = only.after - only.before;
    const explanation =
      share >= 0.1
        ? `${signed(delta)} tokens on a prompt that is ${Math.round(share * 100)}% non-ASCII: likely a tokenizer change; compare with ASCII canaries to confirm`
        : `${signed(delta)} tokens on an ASCII prompt: a constant offset (hidden system prompt or chat template) is the usual cause; if longer prompts moved proportionally it is a tokenizer change`;
    return { kind: 'undetermined', intercept: delta, slopePer1k: 0, explanation };
  }
  if (allEqual(deltas)) {
    const d = deltas[0] ?? 0;
    return {
      kind: 'constant_offset',
      intercept: d,
      slopePer1k: 0,
      explanation: `constant offset (${signed(d)} tokens) on every prompt: a hidden system prompt or chat template changed`,
    };
  }
  const ascii = changes.filter((c) => c.nonAscii === 0).map((c) => c.after - c.before);
  const other = changes.filter((c) => c.nonAscii > 0).map((c) => c.after - c.before);
  const offset = ascii[0] ?? 0;
  if (ascii.length > 0 && other.length > 0 && allEqual(ascii) && other.every((d) => Math.abs(d - offset) > 0)) {
    const extra = offset === 0 ? '' : ` on top of a constant offset (${signed(offset)} tokens)`;
    return { ...base, kind: 'tokenizer', explanation: `tokenizer change: non-ASCII text is split differently${extra}` };
  }
  if (line && Math.abs(line.intercept) < 1) {
    return { ...base, kind: 'tokenizer', explanation: `tokenizer change: the delta grows with prompt length (${signed(slopePer1k)} tokens per 1,000 characters)` };
  }
  return {
    ...base,
    kind: 'mixed',
    explanation: `both a constant offset (about ${signed(Math.round(intercept))} tokens) and a length-dependent change (${signed(slopePer1k)} tokens per 1,000 characters)`,
  };
}
