/**
 * deploy/systemd/tripline.service: `systemd-analyze verify` (Debian's systemd package) on the unit,
 * its exposure score from `systemd-analyze security --offline`, and the example config it points
 * at, loaded with the real loader the way the unit provides it (credentials directory, paths).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenOf, loadAsContainer } from './manifest-checks.js';

const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
const UNIT = 'deploy/systemd/tripline.service';
const unitText = readFileSync(UNIT, 'utf8');

/** [Section] -> key -> values (repeated keys collected). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      current = new Map();
      sections.set(sec[1]!, current);
      continue;
    }
    const i = line.indexOf('=');
    const key = line.slice(0, i);
    current!.set(key, [...(current!.get(key) ?? []), line.slice(i + 1)]);
  }
  return sections;
}

const unit = parseUnit(unitText);
const service = unit.get('Service')!;
const get = (key: string): string | undefined => service.get(key)?.at(-1);

const tmp = mkdtempSync(join(tmpdir(), 'tripline-systemd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A copy of the unit that verify can check on this machine: executables the unit names that this
 * machine lacks (node installed elsewhere) are pointed at this machine's ones. Nothing else changes.
 */
function verifiableCopy(): string {
  let text = unitText;
  const node = get('ExecStart')!.split(' ')[0]!;
  if (!existsSync(node)) text = text.replaceAll(`${node} `, `${process.execPath} `);
  const path = join(tmp, 'tripline.service');
  writeFileSync(path, text);
  return path;
}

describe('deploy/systemd/tripline.service', () => {
  it.skipIf(!SYSTEMD_ANALYZE)('passes systemd-analyze verify', () => {
    const r = spawnSync(SYSTEMD_ANALYZE!, ['verify', '--man=no', verifiableCopy()], { encoding: 'utf8', cwd: tmp });
    expect(`${r.stdout}${r.stderr}`.trim(), 'verify prints nothing for a clean unit').toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!SYSTEMD_ANALYZE)('has an exposure level of at most 2.0 ("OK") in systemd-analyze security --offline', () => {
    const r = spawnSync(SYSTEMD_ANALYZE!, ['security', '--offline=yes', '--man=no', '--threshold=20', verifiableCopy()], { encoding: 'utf8', cwd: tmp });
    const level = /Overall exposure level for tripline\.service: ([\d.]+)/.exec(r.stdout)?.[1];
    expect(Number(level), r.stdout.slice(-300)).toBeLessThanOrEqual(2);
    expect(r.status).toBe(0);
  });


  it('is hardened: DynamicUser, StateDirectory, ProtectSystem=strict, no privileges, restricted families and syscalls', () => {
    expect(get('DynamicUser')).toBe('yes');
    expect(get('StateDirectory')).toBe('tripline');
    expect(get('ConfigurationDirectory')).toBe('tripline');
    expect(get('ProtectSystem')).toBe('strict');
    expect(get('ProtectHome')).toBe('yes');
    expect(get('NoNewPrivileges')).toBe('yes');
    expect(get('PrivateTmp')).toBe('yes');
    expect(get('PrivateDevices')).toBe('yes');
    expect(get('RestrictAddressFamilies')).toBe('AF_INET AF_INET6 AF_UNIX');
    expect(service.get('SystemCallFilter')).toContain('@system-service');
    expect(get('CapabilityBoundingSet')).toBe('');
    expect(service.get('Environment')).toEqual(['NODE_ENV=production', 'NODE_OPTIONS=--max-semi-space-size=1']);
  });

  it('restarts on failure, reloads with SIGHUP, stops with SIGTERM within TimeoutStopSec', () => {
    expect(get('Restart')).toBe('on-failure');
    expect(get('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(get('KillSignal') ?? 'SIGTERM').toBe('SIGTERM');
    // the daemon drains in-flight runs for up to 10 s, then flushes the outbox
    expect(Number.parseInt(get('TimeoutStopSec')!, 10)).toBeGreaterThan(10);
  });

  it('runs `tripline start --config /etc/tripline/tripline.yaml` from the installed package', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: { tripline: string } };
    expect(get('ExecStart')).toBe(`/usr/bin/node /opt/tripline/${pkg.bin.tripline} start --config /etc/tripline/tripline.yaml`);
  });

  it('the example config loads as the unit provides it: key from $CREDENTIALS_DIRECTORY, state in the StateDirectory', () => {
    const credentials = service.get('LoadCredential')!.map((c) => c.split(':')[0]!);
    expect(credentials).toContain('openai-api-key');
    const configText = readFileSync('deploy/systemd/tripline.yaml', 'utf8');
    expect(configText).toContain('apiKeyFile: ${CREDENTIALS_DIRECTORY}/openai-api-key');
    // systemd sets CREDENTIALS_DIRECTORY to /run/credentials/<unit>; the credential files appear there
    const credDir = '/run/credentials/tripline.service';
    const files = new Map<string, string>([['/etc/tripline/tripline.yaml', configText]]);
    for (const name of credentials) files.set(`${credDir}/${name}`, `secret-${name}\n`);
    for (const f of ['tokens-short.yaml', 'json-output.yaml']) files.set(`/etc/tripline/canaries/${f}`, readFileSync(`canaries/${f}`, 'utf8'));
    const loaded = loadAsContainer('/etc/tripline/tripline.yaml', files, { CREDENTIALS_DIRECTORY: credDir });
    expect(loaded.config.providers.openai?.apiKey).toBe('secret-openai-api-key');
    // ProtectSystem=strict: only StateDirectory (/var/lib/tripline) is writable
    expect(loaded.config.stateDir).toBe('/var/lib/tripline');
    expect(loaded.config.snapshots.startsWith('/var/lib/tripline/')).toBe(true);
    expect(loaded.config.canaries.startsWith('/etc/tripline/')).toBe(true);
    // behind ProtectSystem the unit exposes metrics on loopback only
    expect(listenOf(configText).host).toBe('127.0.0.1');
  });

  it('the HTTP server token comes from LoadCredential=server-auth-token via server.authTokenFile', () => {
    expect(service.get('LoadCredential')).toContain('server-auth-token:/etc/tripline/credentials/server-auth-token');
    const configText = readFileSync('deploy/systemd/tripline.yaml', 'utf8');
    expect(configText).toContain('authTokenFile: ${CREDENTIALS_DIRECTORY}/server-auth-token');
    const credDir = '/run/credentials/tripline.service';
    const files = new Map<string, string>([['/etc/tripline/tripline.yaml', configText]]);
    for (const c of service.get('LoadCredential')!) files.set(`${credDir}/${c.split(':')[0]!}`, `secret-${c.split(':')[0]!}\n`);
    files.set('/etc/tripline/canaries/tokens-short.yaml', readFileSync('canaries/tokens-short.yaml', 'utf8'));
    const loaded = loadAsContainer('/etc/tripline/tripline.yaml', files, { CREDENTIALS_DIRECTORY: credDir });
    expect(loaded.config.server.authToken).toBe('secret-server-auth-token');
  });
});
