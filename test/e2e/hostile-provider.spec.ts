import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileProvider, type HostileBehaviour, type HostileProvider } from '../../bench/support/hostile-provider.js';
import { runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

/** Every file under `dir` with its size in bytes. */
function filesUnder(dir: string): { path: string; bytes: number }[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries.map((e) => join(dir, e)).filter((p) => statSync(p).isFile()).map((path) => ({ path, bytes: statSync(path).size }));
}

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

  it.each<[string, HostileBehaviour, 'check' | 'check and baseline']>([
    ['row 3: JSON nested 100,000 deep', 'deep', 'check and baseline'],
    ['row 3: a valid completion with a field nested 4,000 deep', 'deep-in-completion', 'check'],
    ['row 4: nested 3,000 deep in an 18 KB body', 'deep-3000', 'check'],
  ])('%s (%s) is availability.error (too_deep) for %s, exit 2, no crash, no snapshot', async (_row, behaviour, commands) => {
    const ws = workspace(behaviour);
    const { result, findings } = await check(ws);
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([['availability.error', 'too_deep']]);
    expect(result.code).toBe(2);
    if (commands === 'check') return;
    const baseline = await runCli(['baseline', '--config', ws.configPath]);
    expect(baseline.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(baseline.code).toBe(2);
    expect(filesUnder(ws.snapshotsDir).filter((f) => !f.path.endsWith('_metadata.json'))).toEqual([]);
  });

  it('row 4: nesting just inside the depth limit under long keys keeps the snapshot small', async () => {
    const ws = workspace('deep-250');
    const { findings } = await check(ws);
    expect(findings.map((f) => f.kind)).toEqual(['baseline.recorded']);
    const files = filesUnder(ws.snapshotsDir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f.bytes).toBeLessThan(64 * 1024);
  });

  it('row 5: a 30 MB answer is cut off by default; allowed through, the snapshot keeps 16 KiB of it plus its length and SHA-256', async () => {
    const cut = await check(workspace('long-answer'));
    expect(cut.findings.map((f) => [f.kind, f.subject])).toEqual([['availability.error', 'body_too_large']]);
    const ws = workspace('long-answer', { maxResponseBytes: 64 * 1024 * 1024, timeout: 60_000 });
    const { findings } = await check(ws);
    expect(findings.map((f) => f.kind)).toEqual(['baseline.recorded']);
    const [file] = filesUnder(ws.snapshotsDir).filter((f) => f.path.endsWith('tokens-short.json'));
    expect(file).toBeDefined();
    expect(file!.bytes).toBeLessThan(64 * 1024);
    const snapshot = JSON.parse(readFileSync(file!.path, 'utf8')) as { samples: { text: string }[] };
    expect(snapshot.samples[0]!.text).toMatch(/^ready ready .*…\[31457280 bytes, sha256 [0-9a-f]{64}\]$/s);
  }, 120_000);

  it('row 6: a key the provider echoes (fingerprint, answer, headers, JSON-escaped) reaches no output, snapshot or state file', async () => {
    const key = 'sk-hostile-test-key-0123456789';
    const ws = workspace('echo-key');
    const first = await check(ws);
    expect(first.findings.map((f) => f.kind)).toEqual(['baseline.recorded']);
    const second = await runCli(['check', '--json', '--no-alerts', '--config', ws.configPath]);
    expect(second.code).toBe(0);
    const written = [...filesUnder(ws.snapshotsDir), ...filesUnder(join(ws.dir, 'state'))];
    expect(written.some((f) => f.path.endsWith('tokens-short.json'))).toBe(true);
    expect(written.some((f) => f.path.includes('state'))).toBe(true);
    for (const text of [first.result.stdout, first.result.stderr, second.stdout, second.stderr, ...written.map((f) => readFileSync(f.path, 'latin1'))]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(1));
    }
    const snapshot = readFileSync(written.find((f) => f.path.endsWith('tokens-short.json'))!.path, 'utf8');
    expect(snapshot).toContain('fp_<secret>');
    expect(snapshot).toContain('ready <secret> <secret>');
  });
});
