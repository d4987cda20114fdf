import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { parseFindings, runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const env = { SIM_KEY: 'sk-test-token-count-5e6f7a' };
/** One target per provider with a free token-count endpoint. */
const TARGETS = ['oa/gpt-4o-mini', 'an/claude-haiku-4-5', 'ge/gemini-2.5-flash'];

describe('e2e: token questions answered by the free token-count endpoints (OpenAI, Anthropic, Gemini)', () => {
  let sim: Sim;
  let ws: Workspace;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 31 });
    const common = { apiKey: '${SIM_KEY}', timeout: 5000, maxRetries: 1 };
    ws = makeWorkspace({
      config: {
        providers: {
          oa: { type: 'openai', baseUrl: `${sim.url}/v1`, ...common },
          an: { type: 'anthropic', baseUrl: sim.url, ...common },
          ge: { type: 'gemini', baseUrl: `${sim.url}/v1beta`, ...common },
        },
        targets: TARGETS,
        evaluation: { confirmCycles: 1 },
      },
      shippedCanaries: ['tokens-short.yaml', 'tokens-multilingual.yaml'],
    });
    const baseline = await runCli(['baseline', '--config', ws.configPath], { env });
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await sim.close();
  });

  it("records each fixed prompt's count per target, beside the model metadata", () => {
    for (const target of TARGETS) {
      const side = JSON.parse(readFileSync(join(ws.snapshotsDir, ...target.split('/'), '_metadata.json'), 'utf8')) as { facts: Record<string, unknown> };
      const endpoint = target.startsWith('oa/') ? 'input_tokens' : 'count_tokens';
      expect(Object.keys(side.facts).sort(), target).toEqual(['models.get', `${endpoint} tokens-multilingual`, `${endpoint} tokens-short`].sort());
    }
  });

  it("a baseline from before (one count of the first canary's prompt) takes the per-canary counts on the next check, without a finding", async () => {
    const file = join(ws.snapshotsDir, 'oa', 'gpt-4o-mini', '_metadata.json');
    const current = JSON.parse(readFileSync(file, 'utf8')) as { facts: Record<string, unknown> };
    const old = { ...current, facts: { 'models.get': current.facts['models.get'], input_tokens: { input_tokens: 12 } } };
    writeFileSync(file, JSON.stringify(old));
    const result = await runCli(['check', '--json', '--no-alerts', '--canary', '@metadata', '--target', 'oa/gpt-4o-mini', '--config', ws.configPath], { env });
    expect(parseFindings(result), result.stdout + result.stderr).toEqual([]);
    const side = JSON.parse(readFileSync(file, 'utf8')) as { facts: Record<string, unknown> };
    expect(Object.keys(side.facts).sort()).toEqual(['input_tokens tokens-multilingual', 'input_tokens tokens-short', 'models.get']);
  }, 60_000);

  it('a tokenizer change is reported from the count endpoints alone, for the prompt it moves, at no token cost', async () => {
    sim.setScenarios(['tokenizer-change']);
    const since = new Date().toISOString();
    const result = await runCli(['check', '--json', '--no-alerts', '--canary', '@metadata', '--config', ws.configPath], { env });
    sim.setScenarios([]);
    const findings = parseFindings(result);
    const changed = findings.filter((f) => f.kind === 'tokens.input_changed');
    expect(changed.map((f) => f.target).sort(), result.stdout).toEqual([...TARGETS].sort());
    for (const f of changed) {
      expect(f.canary).toBe('@metadata');
      expect((f as { summary?: string }).summary).toMatch(/for the prompt of canary tokens-multilingual$/);
    }
    // The ASCII prompt counts the same under the new tokenizer: no finding for it.
    expect(findings.filter((f) => (f as { summary?: string }).summary?.includes('tokens-short'))).toEqual([]);
    const db = new Database(join(ws.dir, 'state', 'tripline.db'), { readonly: true });
    const runs = db.prepare('SELECT canary, requests, input_tokens, output_tokens FROM runs WHERE started_at >= ?').all(since) as { canary: string; requests: number; input_tokens: number; output_tokens: number }[];
    db.close();
    // models.get and two counts per target; nothing generated, nothing billed.
    expect(runs.map((r) => [r.canary, r.requests, r.input_tokens + r.output_tokens])).toEqual(TARGETS.map(() => ['@metadata', 3, 0]));
  }, 60_000);
});
