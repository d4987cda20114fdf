import { chmodSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/runtime/state/store.js';
import { runCli, type CliResult } from '../support/cli.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const config = {
  // Port 9 (discard) is closed: nothing may be sent before the state is found unusable.
  providers: { sim: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', maxRetries: 0 } },
  targets: ['sim/gpt-4o-mini'],
  deprecations: { sources: [{ type: 'openai', url: 'http://127.0.0.1:9/deprecations' }] },
};

/** Every command that opens the state database. */
const commands: string[][] = [
  ['check'],
  ['baseline'],
  ['start'],
  ['alerts', 'status'],
  ['silence', 'list'],
  ['silence', 'add', '--match', 'provider=sim', '--for', '1h'],
  ['silence', 'remove', 'abc'],
  ['deprecations'],
];

/** A workspace whose state database holds a real history (an open silence), then is damaged. */
async function damagedWorkspace(damage: (db: string) => void): Promise<Workspace> {
  const ws = makeWorkspace({ config, shippedCanaries: ['tokens-short.yaml'] });
  const store = await openStateStore(join(ws.dir, 'state'));
  const insert = 'INSERT INTO silences (id, match, created_at, until) VALUES (?, ?, ?, ?)';
  for (let i = 0; i < 400; i++) await store.db.run(insert, [`s${i}`, JSON.stringify({ providers: ['sim'] }), '2026-01-01', '2099-01-01'.padEnd(500, ' ')]);
  await store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await store.close();
  damage(join(ws.dir, 'state', 'tripline.db'));
  return ws;
}

function expectOneLine(result: CliResult, what: RegExp): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/tripline\.db: /);
  expect(lines[0]).toMatch(what);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
}

describe('e2e: an unusable state database is exit 2 with one line, for every command', () => {
  it.each([
    ['overwritten with garbage', (db: string) => writeFileSync(db, 'garbage '.repeat(4096)), /not a SQLite database .*: restore it/],
    ['cut in half', (db: string) => truncateSync(db, Math.floor(statSync(db).size / 2)), /corrupt .*: restore it/],
    ['emptied to 0 bytes', (db: string) => truncateSync(db, 0), /empty \(0 bytes\), but it existed before this process.*: restore it/],
  ])('%s', async (_name, damage, what) => {
    const ws = await damagedWorkspace(damage);
    const before = readFileSync(join(ws.dir, 'state', 'tripline.db'));
    for (const args of commands) {
      const result = await runCli([...args, '--config', ws.configPath]);
      expectOneLine(result, what);
    }
    // Nothing was "repaired" into a fresh, empty state behind the user's back.
    expect(readFileSync(join(ws.dir, 'state', 'tripline.db')).equals(before)).toBe(true);
  }, 60_000);

  it('a read-only state folder', async () => {
    const ws = await damagedWorkspace(() => undefined);
    const state = join(ws.dir, 'state');
    // Root ignores file modes: run the CLI as an unprivileged user when the suite runs as root.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    chmodSync(ws.dir, 0o755);
    for (const f of ['tripline.db', 'tripline.lock']) {
      try {
        chmodSync(join(state, f), 0o444);
      } catch {
        // not every file exists yet
      }
    }
    chmodSync(state, 0o555);
    for (const args of commands) {
      const result = await runCli([...args, '--config', ws.configPath], asUser);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(/state\/tripline\.(db|lock)(\.json)?: (not writable|cannot be opened).*: make it writable/);
    }
  }, 60_000);

  it('a brand-new state folder is created and migrated in one step: no empty file is left behind', async () => {
    const ws = makeWorkspace({ config, shippedCanaries: ['tokens-short.yaml'] });
    const result = await runCli(['silence', 'list', '--config', ws.configPath]);
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(join(ws.dir, 'state', 'tripline.db')).size).toBeGreaterThan(0);
  });
});
