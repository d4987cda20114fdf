import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../support/workspace.js';
import { ensureServerInstalled, startModelServer, unavailableReason, BASE_FILE, type ModelServer } from '../real-model/launch.js';
import { actionable, checkCycle, realModelWorkspace, recordBaseline, type CheckFinding } from '../real-model/scenario.js';
import { checkInProcess, findingsOf } from './statistical-support.js';

// Needs ../shared/models beside the repository (CI has it). Without it the suite is skipped, loudly.
const skipReason = unavailableReason();
if (skipReason) console.warn(`[real-model e2e] skipped: ${skipReason}`);

const kindsOf = (findings: readonly CheckFinding[]): string[] => [...new Set(actionable(findings).map((f) => f.kind))].sort();

/**
 * The same `check --json --no-alerts --no-deprecations` as checkCycle, run in this process
 * (checkInProcess): for the cycles that only start or end a streak. The cycle that reports (or,
 * for F16, does not) and the first no-drift cycle spawn the built CLI (checkCycle).
 */
async function checkCycleInProcess(ws: Workspace): Promise<{ code: number | null; findings: CheckFinding[] }> {
  const result = await checkInProcess(ws, {});
  return { code: result.code, findings: findingsOf(result) };
}

describe.skipIf(skipReason !== null)('e2e: tripline against a real llama.cpp model whose weights are swapped behind its name', () => {
  let server: ModelServer;
  let ws: Workspace;

  beforeAll(async () => {
    const install = ensureServerInstalled();
    if (install.installed) console.info(`[real-model e2e] installed the server package in ${install.durationMs} ms`);
    server = await startModelServer();
    ws = realModelWorkspace(server);
    await recordBaseline(ws);
  }, 300_000);

  afterAll(async () => {
    await server?.close();
  });

  /** Swaps `file` in, runs the two cycles a finding needs to be confirmed, then restores the base file. */
  async function underSwap(file: string): Promise<{ first: CheckFinding[]; second: CheckFinding[]; code: number | null }> {
    await server.swap(file);
    try {
      const first = await checkCycleInProcess(ws);
      const second = await checkCycle(ws);
      return { first: first.findings, second: second.findings, code: second.code };
    } finally {
      await server.swap(BASE_FILE);
      // One clean cycle ends every streak, so the next scenario starts from a quiet state.
      const clean = await checkCycleInProcess(ws);
      expect(actionable(clean.findings), `after restoring ${BASE_FILE}`).toEqual([]);
    }
  }

  it('the server answers deterministically at temperature 0: same text, usage and logprobs (within 1e-5) twice', async () => {
    const body = {
      model: 'stories-260k',
      messages: [{ role: 'user', content: 'Once upon a time' }],
      temperature: 0,
      max_tokens: 8,
      logprobs: true,
      top_logprobs: 5,
    };
    type Reply = { choices: { message: { content: string }; logprobs: { content: { logprob: number }[] } }[]; usage: unknown };
    const ask = async (): Promise<Reply> =>
      (await (await fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify(body) })).json()) as Reply;
    const [a, b] = [await ask(), await ask()];
    expect(b.choices[0]!.message.content).toBe(a.choices[0]!.message.content);
    expect(b.usage).toEqual(a.usage);
    const la = a.choices[0]!.logprobs.content.map((t) => t.logprob);
    const lb = b.choices[0]!.logprobs.content.map((t) => t.logprob);
    expect(lb).toHaveLength(8);
    lb.forEach((v, i) => expect(Math.abs(v - la[i]!)).toBeLessThan(1e-5));
  });

  it('GET /v1/models lists the fixed name; an unknown model is a 404 model_not_found', async () => {
    const models = (await (await fetch(`${server.baseUrl}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(['stories-260k']);
    const res = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
  });

  it('no-drift cycles against the unchanged model raise no warning or critical finding and exit 0', async () => {
    for (let i = 0; i < 2; i++) {
      const { code, findings } = i === 0 ? await checkCycle(ws) : await checkCycleInProcess(ws);
      expect(actionable(findings), `cycle ${i}`).toEqual([]);
      expect(code).toBe(0);
    }
  }, 120_000);

  it('Q4_0 behind the same name (text and logprobs change) is caught as identity.behavior_shift, exit 1', async () => {
    const { first, second, code } = await underSwap('stories260K-Q4_0.gguf');
    expect(actionable(first), 'confirmCycles 2: nothing reported after one cycle').toEqual([]);
    expect(kindsOf(second)).toContain('identity.behavior_shift');
    expect(code).toBe(1);
  }, 120_000);

  it('logits ×1.25 (greedy text identical) is caught as a logprob / calibration shift', async () => {
    const { second, code } = await underSwap('stories260K-logits-x1.25.gguf');
    const kinds = kindsOf(second);
    expect(kinds.some((k) => k === 'identity.behavior_shift' || k === 'calibration.shift'), kinds.join(', ')).toBe(true);
    expect(code).toBe(1);
  }, 120_000);

  it('Q8_0 (first-token logprobs move ~0.05 on average; greedy text the same for ~200 chars) is caught by logprob tracking', async () => {
    const { second, code } = await underSwap('stories260K-Q8_0.gguf');
    expect(kindsOf(second)).toContain('identity.behavior_shift');
    expect(code).toBe(1);
  }, 120_000);

  it('F16 (first-token logprobs move ~0.003 on average) stays under the 0.01-nat LT tolerance: nothing is reported', async () => {
    const { second, code } = await underSwap('stories260K-F16.gguf');
    expect(actionable(second)).toEqual([]);
    expect(code).toBe(0);
  }, 120_000);
});
