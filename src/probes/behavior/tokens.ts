/** Output tokens of a sample as the behavior probe compares them. */
import type { SampleRecord } from '../types.js';

/** The output as tokens: the provider's logprob tokens when present, else whitespace-delimited pieces. */
export function sequenceOf(s: Pick<SampleRecord, 'logprobs' | 'text'>): string[] {
  return s.logprobs?.map((t) => t.token) ?? s.text.split(/(?<=\s)/).filter((t) => t.length > 0);
}

/** The first output token (the whole text when the provider gives no tokens and it has no space). */
export function firstTokenOf(s: Pick<SampleRecord, 'logprobs' | 'text'>): string {
  return sequenceOf(s)[0] ?? '';
}
