import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriplineConfig } from '../../src/config/schema.js';
import { applicabilityOf } from '../../src/runtime/engine/applicability.js';
import { buildSnapshot, writeSnapshot } from '../../src/snapshots/index.js';
import { observations, probeContext } from '../support/observations.js';
import { shippedCanary as shipped } from '../support/shipped-canaries.js';

const implicitCap = shipped('length-implicit-cap');
const calibration = shipped('calibration-mcq');
const lt = shipped('logprob-tracking');
const border = shipped('border-inputs');
const suite = [implicitCap, calibration, lt, border];

function config(snapshots: string): TriplineConfig {
  return TriplineConfig.parse({
    providers: {
      chat: { type: 'openai', apiKey: 'sk-x' },
      resp: { type: 'openai', api: 'responses', apiKey: 'sk-x' },
      ant: { type: 'anthropic', apiKey: 'sk-x' },
      gem: { type: 'gemini', apiKey: 'sk-x' },
      local: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' },
    },
    targets: ['chat/gpt-4o-mini', 'chat/o4-mini', 'resp/gpt-4o-mini', 'ant/claude-haiku-4-5', 'gem/gemini-2.5-flash', 'local/llama'],
    canaries: './canaries',
    snapshots,
    stateDir: './state',
  });
}

/** A baseline of logprob-tracking on a target, its samples with or without logprobs. */
async function ltBaseline(dir: string, target: string, withLogprobs: boolean): Promise<void> {
  const logprobs = withLogprobs ? [{ token: 'x', logprob: -0.1, top: [{ token: 'x', logprob: -0.1 }] }] : null;
  const obs = observations(10, { target, canary: lt.id, logprobs });
  await writeSnapshot(dir, buildSnapshot({ target, canary: lt, observations: obs, probes: {}, ctx: probeContext(lt, target) }));
}

describe('src/runtime/engine/applicability.ts: a canary is scheduled only where it can measure its signal', () => {
  it('the implicit-cap canary runs only where the answer can be streamed and cut by the client', () => {
    const applies = applicabilityOf(config(mkdtempSync(join(tmpdir(), 'applies-'))), suite);
    expect(applies('chat/gpt-4o-mini', implicitCap)).toBe(true);
    expect(applies('local/llama', implicitCap)).toBe(true);
    // Non-streaming adapters would send clientMaxTokens (32,768) as the cap and measure it, not a default.
    expect(applies('resp/gpt-4o-mini', implicitCap)).toBe(false);
    expect(applies('ant/claude-haiku-4-5', implicitCap)).toBe(false);
    expect(applies('gem/gemini-2.5-flash', implicitCap)).toBe(false);
  });

  it('targetsWith.logprobs: by the adapter where it has none; unknown (no baseline) runs everything', () => {
    const applies = applicabilityOf(config(mkdtempSync(join(tmpdir(), 'applies-'))), suite);
    expect([calibration, lt, border].map((c) => applies('ant/claude-haiku-4-5', c))).toEqual([false, false, true]);
    expect([calibration, lt, border].map((c) => applies('chat/gpt-4o-mini', c))).toEqual([true, true, true]);
  });

  it("targetsWith.logprobs: by the target's baselines once there are some (a model that returns none keeps border-inputs)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'applies-'));
    await ltBaseline(dir, 'chat/gpt-4o-mini', true);
    await ltBaseline(dir, 'chat/o4-mini', false);
    const applies = applicabilityOf(config(dir), suite);
    expect([calibration, lt, border].map((c) => applies('chat/gpt-4o-mini', c))).toEqual([true, true, false]);
    expect([calibration, lt, border].map((c) => applies('chat/o4-mini', c))).toEqual([false, false, true]);
    expect([calibration, lt, border].map((c) => applies('local/llama', c))).toEqual([true, true, true]);
  });
});
