import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileProvider, type HostileBehaviour, type HostileProvider } from '../../bench/support/hostile-provider.js';
import { runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

interface Printed {
  kind: string;
  subject: string;
  evidence: Record<string, unknown>;
}

/** What a hostile provider can do to `tripline check` (issue 15's table, by row). */
describe('e2e: a hostile provider never takes tripline down or makes it lie', () => {
  let hostile: HostileProvider;
  beforeAll(async () => {
    hostile = await startHostileProvider();
  });
  afterAll(() => hostile.close());

  function workspace(behaviour: HostileBehaviour, provider: Record<string, unknown> = {}): Workspace {
    return makeWorkspace({
      config: {
        providers: { p: { type: 'openai', baseUrl: hostile.baseUrl(behaviour), apiKey: 'sk-hostile-test-key-0123456789', timeout: 10_000, maxRetries: 0, ...provider } },
        targets: ['p/gpt-4o-mini'],
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
  }

  async function check(ws: Workspace): Promise<{ result: CliResult; findings: Printed[] }> {
    const result = await runCli(['check', '--json', '--no-alerts', '--config', ws.configPath]);
    expect(result.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    let findings: Printed[];
    try {
      findings = JSON.parse(result.stdout) as Printed[];
    } catch {
      throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
    }
    return { result, findings };
  }

  it.each<[string, HostileBehaviour]>([
    ['row 1: a 200 MB body', 'huge'],
    ['row 2: an endless chunked body', 'endless'],
  ])('%s is cut off at maxResponseBytes: availability.error (body_too_large), exit 2', async (_row, behaviour) => {
    const { result, findings } = await check(workspace(behaviour));
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([['availability.error', 'body_too_large']]);
    expect(result.code).toBe(2);
  });

  it('row 15: a 3xx answer is availability.error labelled http_3xx, not http_4xx', async () => {
    const { result, findings } = await check(workspace('redirect'));
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([['availability.error', 'http_3xx']]);
    expect(result.code).toBe(2);
  });
});
