import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeWorkspace } from '../support/workspace.js';

const BOMB = [
  'id: bomb',
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  '',
].join('\n');

/** A project whose canaries folder holds `name` with `write` applied; validate's result. */
async function validateWith(name: string, write: (path: string) => void) {
  const ws = makeWorkspace({
    config: { providers: { p: { type: 'openai', apiKey: 'sk-limits-test-000' } }, targets: ['p/gpt-4o-mini'] },
    shippedCanaries: ['tokens-short.yaml'],
  });
  const path = join(ws.canariesDir, name);
  write(path);
  const started = Date.now();
  const result = await runCli(['validate', '--config', ws.configPath]);
  return { ...result, path, ms: Date.now() - started };
}

/** Issue 15 row 13: oversized and hostile config input is refused in bounded memory, naming the file. */
describe('e2e: config and canary input limits', () => {
  it('a 50 MB canary file is refused before it is read: exit 2, one line naming that file', async () => {
    const r = await validateWith('huge.yaml', (p) => {
      writeFileSync(p, 'id: huge\n');
      truncateSync(p, 50 * 1024 * 1024);
    });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${r.path}:0:0: (root): file is 52428800 bytes, larger than the 1048576-byte (1 MiB) limit; split it or remove what is not config`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a YAML alias bomb in a canary file: exit 2, the canary file and the line of its first alias', async () => {
    const r = await validateWith('bomb.yaml', (p) => writeFileSync(p, BOMB));
    expect(r.code).toBe(2);
    const [first] = r.stderr.trim().split('\n');
    expect(first).toMatch(new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:8: \\(root\\): YAML: aliases expand too far`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('YAML nested 100,000 deep: exit 2, "nested too deeply", no crash', async () => {
    const r = await validateWith('deep.yaml', (p) => writeFileSync(p, `id: deep\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(`${r.path}:`);
    expect(r.stderr).toContain('YAML: nested too deeply');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
