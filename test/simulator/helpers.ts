import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** A response read whole: status, lowercased headers, parsed JSON body. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Send a JSON request to the simulator and read the reply. */
export async function call(
  sim: Simulator,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    out[k] = v;
  });
  return { status: res.status, headers: out, body: JSON.parse(text) as Record<string, unknown> };
}

export const OPENAI = { authorization: 'Bearer sk-test' };
export const ANTHROPIC = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
export const GEMINI = { 'x-goog-api-key': 'g-test' };

/** A chat completion call. */
export function openaiChat(sim: Simulator, body: Record<string, unknown>): Promise<Reply> {
  return call(sim, 'POST', '/v1/chat/completions', OPENAI, { model: 'gpt-4o-mini', ...body });
}

/** A Messages API call. */
export function anthropicMessages(sim: Simulator, body: Record<string, unknown>): Promise<Reply> {
  return call(sim, 'POST', '/v1/messages', ANTHROPIC, { model: 'claude-sonnet-4-5', max_tokens: 64, ...body });
}

/** A generateContent call. */
export function geminiGenerate(sim: Simulator, body: Record<string, unknown>, model = 'gemini-2.5-flash'): Promise<Reply> {
  return call(sim, 'POST', `/v1beta/models/${model}:generateContent`, GEMINI, body);
}

/** A multiple-choice prompt with options A-D. */
export function mcq(i: number): string {
  return `Question ${i}: which option is right?\nA) first\nB) second\nC) third\nD) fourth\nAnswer:`;
}

/** Start a simulator for one suite. */
export function start(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ seed: 7, ...opts });
}

/** Narrow an unknown to a record (throws when it is not one). */
export function rec(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

/** Narrow an unknown to an array of records. */
export function list(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value.map(rec);
}
