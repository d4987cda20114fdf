/**
 * Issue 20, item 6 end to end: three keys (tenants) of one provider watch the same model, declared
 * a `sameAs` group. The simulator's `tenant-repointed` scenario serves one tenant's alias by a
 * finetune under the same model id and fingerprint (the story of "the model identifier your
 * provider re-pointed to a finetune for one tenant and to base for everyone else").
 * One `baseline --cycles 10` is shared by every test (its snapshots and state are copied). The
 * first check of the quiet run and of the re-pointed run go through the built CLI (the last test
 * spawns it for its own baseline); every other check calls the same runCheck in this process.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { actionable, checkInProcess, cloneWorkspace, findingsOf, removeClones, type FindingJson } from './statistical-support.js';

type Sim = Awaited<ReturnType<typeof startSimulator>>;

const MEMBERS = ['acme-eu/gpt-4o-mini', 'acme-us/gpt-4o-mini', 'acme-ap/gpt-4o-mini'];
const MOVED = 'acme-us/gpt-4o-mini';
/** The simulator names a tenant by its API key when no x-tenant or organisation header is sent. */
const KEYS: Record<string, string> = { 'acme-eu': 'sk-tenant-eu', 'acme-us': 'sk-tenant-us', 'acme-ap': 'sk-tenant-ap' };
const REPOINT_US = { tenant: KEYS['acme-us']! };
const QUIET_CYCLES = 30;
const BASELINE_CYCLES = 10;

// Generous: the machine is shared, and a slow cycle must fail on what it reports, not on the clock.
const check = (ws: Workspace) => runCli(['check', '--json', '--no-alerts', '--config', ws.configPath], { env: {}, timeoutMs: 180_000 });
const divergences = (findings: readonly FindingJson[]) => findings.filter((f) => f.kind === 'identity.tenant_divergence');

function workspace(sim: Sim): Workspace {
  const provider = (key: string) => ({ type: 'openai', baseUrl: `${sim.url}/v1`, apiKey: key, timeout: 10_000, maxRetries: 1 });
  return makeWorkspace({
    config: {
      providers: Object.fromEntries(Object.entries(KEYS).map(([name, key]) => [name, provider(key)])),
      targets: MEMBERS,
      sameAs: { 'gpt-4o-mini': MEMBERS },
      // A suspicion is confirmed by fresh requests as by default, after 1 s instead of 60 s: the
      // simulator's scenarios are sticky, so the pause length changes nothing here but the wait.
      evaluation: { confirmAfter: '1s' },
    },
    shippedCanaries: ['logprob-tracking.yaml', 'identity.yaml'],
  });
}

async function baseline(ws: Workspace): Promise<void> {
  const result = await runCli(['baseline', '--cycles', String(BASELINE_CYCLES), '--config', ws.configPath], { env: {}, timeoutMs: 300_000 });
  expect(result.code, result.stderr).toBe(0);
}

describe('e2e: sameAs tenants through `tripline check --json` (simulator, three API keys)', () => {
  let sim: Sim;
  let base: Workspace;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 2020 });
    sim.setScenarios(['none']);
    base = workspace(sim);
    await baseline(base);
  }, 320_000);

  afterAll(async () => {
    await sim.close();
    removeClones();
    rmSync(base.dir, { recursive: true, force: true });
  });

  it(`${QUIET_CYCLES} quiet cycles compare the tenants and report nothing`, async () => {
    sim.setScenarios(['none']);
    const ws = cloneWorkspace(base);
    for (let i = 0; i < QUIET_CYCLES; i++) {
      const result = i === 0 ? await check(ws) : await checkInProcess(ws, {});
      expect(actionable(findingsOf(result)), `cycle ${i + 1}`).toEqual([]);
      expect(result.code, `cycle ${i + 1}: ${result.stderr}`).toBe(0);
    }
  }, 600_000);

  it('one tenant re-pointed to a finetune under the same id: reported within 3 cycles, naming that tenant and no other', async () => {
    const ws = cloneWorkspace(base);
    sim.setScenarios(['tenant-repointed'], REPOINT_US);
    try {
      let found: FindingJson | undefined;
      let cycle = 0;
      while (!found && cycle < 3) {
        cycle++;
        // The first cycle through the CLI, any further one in process (checkInProcess).
        const result = cycle === 1 ? await check(ws) : await checkInProcess(ws, {});
        const findings = findingsOf(result);
        // Only the moved tenant: the other two keys raise nothing at all.
        for (const f of findings.filter((x) => x.severity !== 'info')) expect(f.target, `cycle ${cycle}: ${f.kind}`).toBe(MOVED);
        found = divergences(findings)[0];
        if (found) expect(result.code).toBe(1);
      }
      expect(found, 'identity.tenant_divergence within 3 cycles').toBeDefined();
      expect(found).toMatchObject({ target: MOVED, subject: 'gpt-4o-mini', canary: 'logprob-tracking', severity: 'warning' });
      expect(found!.evidence).toMatchObject({ group: 'gpt-4o-mini', moved: MOVED });
      expect((found!.evidence['peers'] as string[]).sort()).toEqual(MEMBERS.filter((m) => m !== MOVED).sort());
      expect(found!.summary).toMatch(/^acme-us\/gpt-4o-mini moved away from sameAs group gpt-4o-mini: on logprob-tracking it no longer answers like /);
    } finally {
      sim.setScenarios(['none']);
    }
  }, 600_000);

  it('a tenant that already differed when the baselines were recorded is still named: it is the odd one out of three', async () => {
    sim.setScenarios(['tenant-repointed'], REPOINT_US);
    const ws = workspace(sim);
    try {
      // Each tenant's own baseline holds what it answers, so no tenant differs from its own baseline.
      await baseline(ws);
      let found: FindingJson | undefined;
      for (let cycle = 1; !found && cycle <= 3; cycle++) {
        // In process: the test above reports a divergence through the CLI.
        const findings = findingsOf(await checkInProcess(ws, {}));
        expect(findings.filter((f) => f.severity !== 'info' && f.kind !== 'identity.tenant_divergence'), `cycle ${cycle}`).toEqual([]);
        found = divergences(findings)[0];
      }
      expect(found).toMatchObject({ target: MOVED, evidence: { moved: MOVED } });
    } finally {
      sim.setScenarios(['none']);
      rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 900_000);
});
