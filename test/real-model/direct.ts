/**
 * Requests sent straight to the real-model server, bypassing tripline: what a naive text-diff
 * comparator sees, and how far first-token logprobs actually moved (for the bench's table).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MODEL_NAME, type ModelServer } from './launch.js';
import { storyCanariesDir } from './scenario.js';

interface CanaryFile {
  request: {
    system?: string;
    messages: { role: string; content: string }[];
    params: { temperature?: number; seed?: number; maxTokens?: number; topLogprobs?: number };
  };
  items?: { id: string; prompt: string }[];
}

interface Reply {
  choices: { message: { content: string }; logprobs: { content: { token: string; logprob: number; top_logprobs: { token: string; logprob: number }[] }[] } | null }[];
}

function readCanary(file: string): CanaryFile {
  return parse(readFileSync(join(storyCanariesDir(), file), 'utf8')) as CanaryFile;
}

async function complete(server: ModelServer, body: Record<string, unknown>): Promise<Reply> {
  const res = await fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: MODEL_NAME, ...body }) });
  if (!res.ok) throw new Error(`chat completion failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Reply;
}

/** The naive comparator's view: the story-greedy canary's request, sent once, its text. */
export async function greedyText(server: ModelServer): Promise<string> {
  const { system, messages, params } = readCanary('story-greedy.yaml').request;
  const reply = await complete(server, {
    messages: [...(system ? [{ role: 'system', content: system }] : []), ...messages],
    temperature: params.temperature,
    seed: params.seed,
    max_tokens: params.maxTokens,
  });
  return reply.choices[0]?.message.content ?? '';
}

/** Index of the first differing character, or null when the texts are equal. */
export function firstDifference(a: string, b: string): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? null : n;
}

/** First-token top logprobs (chosen token included) for each prompt of the story-logprobs canary. */
export async function firstTokenTops(server: ModelServer): Promise<Record<string, number>[]> {
  const canary = readCanary('story-logprobs.yaml');
  const prompts = canary.items?.map((i) => i.prompt) ?? [canary.request.messages.at(-1)?.content ?? ''];
  const out: Record<string, number>[] = [];
  for (const prompt of prompts) {
    const reply = await complete(server, {
      messages: [{ role: 'user', content: prompt }],
      temperature: 0,
      max_tokens: 1,
      logprobs: true,
      top_logprobs: canary.request.params.topLogprobs ?? 20,
    });
    const first = reply.choices[0]?.logprobs?.content[0];
    const top: Record<string, number> = {};
    for (const t of [...(first?.top_logprobs ?? []), ...(first ? [first] : [])]) if (!(t.token in top)) top[t.token] = t.logprob;
    out.push(top);
  }
  return out;
}

/**
 * How far first-token logprobs moved between two runs of the same prompts: the LT statistic (mean
 * over the union of tokens of |Δ logprob|, a token missing from a list censored at that list's
 * lowest value), averaged over prompts, and the largest single |Δ|.
 */
export function logprobShift(before: readonly Record<string, number>[], after: readonly Record<string, number>[]): { lt: number; max: number } {
  let lt = 0;
  let max = 0;
  before.forEach((b, i) => {
    const a = after[i] ?? {};
    const tokens = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const floorB = Math.min(...Object.values(b));
    const floorA = Math.min(...Object.values(a));
    let sum = 0;
    for (const t of tokens) {
      const d = Math.abs((a[t] ?? floorA) - (b[t] ?? floorB));
      sum += d;
      max = Math.max(max, d);
    }
    lt += tokens.length ? sum / tokens.length : 0;
  });
  return { lt: before.length ? lt / before.length : 0, max };
}
