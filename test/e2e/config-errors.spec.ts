import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeWorkspace } from '../support/workspace.js';

const good = {
  providers: { sim: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k' } },
  targets: ['sim/gpt-4o-mini'],
};

describe('e2e: broken config and canary files', () => {
  it.each([
    ['bad YAML', 'providers:\n  sim: [unclosed\n', /tripline\.yaml:\d+:\d+: /],
    ['unknown key', 'providers: {}\ntargets: [a/b]\nbogus: 1\n', /tripline\.yaml:3:1: bogus: /],
    ['wrong type', 'providers: {}\ntargets: a/b\n', /tripline\.yaml:2:\d+: targets: /],
    ['unset variable', 'providers:\n  sim:\n    type: openai\n    apiKey: ${TRIPLINE_E2E_UNSET}\ntargets: [sim/m]\n', /tripline\.yaml:4:\d+: providers\.sim\.apiKey: .*TRIPLINE_E2E_UNSET/],
  ])('%s: names file:line:column and field, exit 2, no stack trace', async (_name, yamlText, expected) => {
    const ws = makeWorkspace({ config: good });
    writeFileSync(ws.configPath, yamlText);
    for (const command of ['validate', 'check']) {
      const result = await runCli([command, '--config', ws.configPath]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    }
  });

  it('a missing config file is exit 2 with its path', async () => {
    const result = await runCli(['validate', '--config', '/nonexistent/tripline.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/tripline.yaml');
  });

  it('a broken canary file names the canary file, line and field', async () => {
    const ws = makeWorkspace({ config: good });
    writeFileSync(join(ws.canariesDir, 'broken.yaml'), 'id: broken\nrequest:\n  messages:\n    - role: user\n      content: hi\n  params:\n    temprature: 0\n');
    const result = await runCli(['validate', '--config', ws.configPath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.yaml:7:\d+: request\.params(\.temprature)?: /);
  });

  it('a valid config validates with exit 0 and prints the daily token cost', async () => {
    const ws = makeWorkspace({ config: good, shippedCanaries: ['tokens-short.yaml'] });
    const result = await runCli(['validate', '--config', ws.configPath]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.toLowerCase()).toContain('token');
  });
});
