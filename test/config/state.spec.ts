import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/domain/errors.js';
import { stateLocationOf } from '../../src/runtime/state/store.js';

function configWith(state: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-state-config-'));
  mkdirSync(join(dir, 'canaries'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'tripline.yaml'), `providers:\n  oa: { type: openai, apiKey: k }\ntargets: [oa/m]\n${state}`);
  return join(dir, 'tripline.yaml');
}

describe('src/config: the state block', () => {
  it('is SQLite in stateDir by default', () => {
    const { config } = loadConfig(configWith(''), {});
    expect(config.state).toEqual({ type: 'sqlite' });
    expect(config.ha.failoverSeconds).toBe(30);
    expect(stateLocationOf(config)).toEqual({ type: 'sqlite', dir: config.stateDir });
  });

  it('reads a PostgreSQL URL from urlFile and redacts its password', () => {
    const path = configWith('state: { type: postgres, urlFile: pg-url }\nha: { failoverSeconds: 10 }\n', { 'pg-url': 'postgres://tl:pg-pass-9876@db:5432/tripline\n' });
    const loaded = loadConfig(path, {});
    expect(stateLocationOf(loaded.config)).toEqual({ type: 'postgres', url: 'postgres://tl:pg-pass-9876@db:5432/tripline' });
    expect(loaded.config.ha.failoverSeconds).toBe(10);
    expect(loaded.secrets).toContain('pg-pass-9876');
  });

  it('refuses postgres without a URL, url and urlFile together, and a non-postgres URL, each located', () => {
    const problems = (state: string): string[] => {
      try {
        loadConfig(configWith(state), {});
        return [];
      } catch (err) {
        return err instanceof ConfigError ? err.problems.map((p) => `${p.path}: ${p.message}`) : [String(err)];
      }
    };
    expect(problems('state: { type: postgres }\n').join('\n')).toMatch(/state\.url: state\.type postgres needs url or urlFile/);
    expect(problems('state: { type: postgres, url: "postgres://a@b/c", urlFile: x }\n').join('\n')).toMatch(/state\.urlFile: set url or urlFile, not both/);
    expect(problems('state: { type: postgres, url: "mysql://a@b/c" }\n').join('\n')).toMatch(/state\.url: a postgres:\/\/ URL/);
  });
});
