import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/domain/errors.js';
import { canaryYaml, cleanup, makeProject, MINIMAL_CONFIG, problemsOf } from './project.js';

const env = { OPENAI_API_KEY: 'sk-test-1234' };

afterEach(cleanup);

describe('src/config/load.ts', () => {
  it('loads a valid config with defaults, absolute paths and canaries, deep-frozen', () => {
    const dir = makeProject({
      'tripline.yaml': `${MINIMAL_CONFIG}snapshots: ./snaps\n`,
      'canaries/b.yaml': canaryYaml('beta'),
      'canaries/a.yml': canaryYaml('alpha', 'samples: 3\n'),
      'canaries/notes.txt': 'ignored',
    });
    const loaded = loadConfig(join(dir, 'tripline.yaml'), env);
    expect(loaded.configPath).toBe(join(dir, 'tripline.yaml'));
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.config.canaries).toBe(join(dir, 'canaries'));
    expect(loaded.config.snapshots).toBe(join(dir, 'snaps'));
    expect(loaded.config.stateDir).toBe(join(dir, '.tripline'));
    expect(loaded.config.schedule).toBe('*/30 * * * *');
    expect(loaded.config.providers.openai?.apiKey).toBe('sk-test-1234');
    expect(loaded.config.providers.openai?.timeout).toBe(30_000);
    expect(loaded.canaries.map((c) => c.canary.id)).toEqual(['alpha', 'beta']);
    expect(loaded.canaries[0]?.file).toBe(join(dir, 'canaries', 'a.yml'));
    expect(loaded.canaries[0]?.canary.samples).toBe(3);
    expect(loaded.canaries[1]?.canary.probes).toEqual(['shape', 'identity', 'tokens', 'ratelimit']);
    expect(Object.isFrozen(loaded)).toBe(true);
    expect(Object.isFrozen(loaded.config.providers.openai?.headers)).toBe(true);
    expect(Object.isFrozen(loaded.canaries[0]?.canary.request.messages[0])).toBe(true);
  });

  it('names a missing config file, at line 0', () => {
    const dir = makeProject({});
    const file = join(dir, 'nope.yaml');
    expect(problemsOf(() => loadConfig(file, env))).toEqual([
      { file, line: 0, column: 0, path: '', message: 'file not found' },
    ]);
  });

  it('names a missing canaries dir, located at the canaries key', () => {
    const dir = makeProject({ 'tripline.yaml': `${MINIMAL_CONFIG}canaries: ./missing\n` }, { noCanaries: true });
    const file = join(dir, 'tripline.yaml');
    expect(problemsOf(() => loadConfig(file, env))).toEqual([
      { file, line: 7, column: 11, path: 'canaries', message: `canaries directory not found: ${join(dir, 'missing')}` },
    ]);
  });

  it('locates a YAML syntax error', () => {
    const dir = makeProject({ 'tripline.yaml': 'providers:\n  openai: {type: openai\ntargets: [x/y]\n' });
    const [p, ...rest] = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ line: 3, column: 1, path: '' });
    expect(p?.message).toMatch(/^YAML: /);
  });

  it('reports a duplicate key as a YAML problem at the second key', () => {
    const dir = makeProject({ 'tripline.yaml': `${MINIMAL_CONFIG}targets: []\n` });
    const problems = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env));
    expect(problems).toEqual([expect.objectContaining({ line: 7, column: 1, message: 'YAML: Map keys must be unique' })]);
  });

  it.each([
    ['unknown top-level key', 'targetz: []\n', { line: 7, column: 1, path: 'targetz', message: 'unknown key' }],
    [
      'unknown nested key',
      'server:\n  listen: 127.0.0.1:1\n  port: 80\n',
      { line: 9, column: 3, path: 'server.port', message: 'unknown key' },
    ],
    ['wrong type', 'schedule: 5\n', { line: 7, column: 11, path: 'schedule', message: 'Invalid input: expected string, received number' }],
    [
      'bad enum in a list item',
      'alerts:\n  channels:\n    - type: carrier-pigeon\n',
      { line: 9, column: 13, path: 'alerts.channels.0.type' },
    ],
    [
      'missing required field',
      'alerts:\n  channels:\n    - type: slack\n      channel: "#x"\n',
      { line: 9, column: 7, path: 'alerts.channels.0.token', message: 'required (string)' },
    ],
    [
      'bad field inside a union branch',
      'deprecations:\n  sources:\n    - type: table\n      url: not a url\n',
      { line: 10, column: 12, path: 'deprecations.sources.0.url', message: 'Invalid URL' },
    ],
    ['invalid cron', 'schedule: "every hour"\n', { line: 7, column: 11, path: 'schedule' }],
    ['unknown time zone', 'timezone: Mars/Olympus\n', { line: 7, column: 11, path: 'timezone' }],
  ])('locates a problem: %s', (_name, extra, expected) => {
    const dir = makeProject({ 'tripline.yaml': `${MINIMAL_CONFIG}${extra}` });
    const file = join(dir, 'tripline.yaml');
    expect(problemsOf(() => loadConfig(file, env))).toEqual([expect.objectContaining({ file, ...expected })]);
  });

  it('rejects a target whose provider is not configured', () => {
    const dir = makeProject({ 'tripline.yaml': `${MINIMAL_CONFIG}  - anthropic/claude\n` });
    expect(problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env))).toEqual([
      expect.objectContaining({
        line: 7,
        column: 5,
        path: 'targets.1',
        message: 'provider "anthropic" is not configured (configured: openai)',
      }),
    ]);
  });

  it('rejects duplicate canary ids, naming both files', () => {
    const dir = makeProject({
      'tripline.yaml': MINIMAL_CONFIG,
      'canaries/one.yaml': canaryYaml('same'),
      'canaries/two.yaml': `# second\n${canaryYaml('same')}`,
    });
    const [p, ...rest] = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: join(dir, 'canaries/two.yaml'), line: 2, column: 5, path: 'id' });
    expect(p?.message).toBe(`duplicate canary id "same" (also in ${join(dir, 'canaries/one.yaml')}:1:5)`);
  });

  it('checks canary targets and schedules against the config', () => {
    const dir = makeProject({
      'tripline.yaml': MINIMAL_CONFIG,
      'canaries/c.yaml': canaryYaml('c', 'targets: [openai/gpt-4o-mini, openai/gpt-5]\nschedule: "61 * * * *"\n'),
    });
    const file = join(dir, 'canaries/c.yaml');
    expect(problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env))).toEqual([
      expect.objectContaining({ file, line: 6, path: 'targets.1', message: `target "openai/gpt-5" is not in the config's targets` }),
      expect.objectContaining({ file, line: 7, column: 11, path: 'schedule' }),
    ]);
  });

  it('reports every problem at once, across the config and canary files, cross-checks included', () => {
    const dir = makeProject({
      'tripline.yaml': `providers:
  openai:
    type: openai
    apiKey: \${MISSING_KEY}
    timeout: -1
targets:
  - openai/gpt-4o-mini
  - ghost/model
extra: 1
schedule: \${MISSING_SCHEDULE}
`,
      'canaries/a.yaml': 'id: Bad Id\nrequest:\n  messages: []\nsamples: many\n',
      'canaries/b.yaml': 'id: [broken\n',
      'canaries/c.yaml': canaryYaml('Bad Id', 'targets: [nowhere/x]\n'),
    });
    const problems = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), {}));
    const where = problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line}:${p.path}: ${p.message}`);
    expect(where).toEqual([
      'tripline.yaml:4:providers.openai.apiKey: environment variable MISSING_KEY is not set',
      'tripline.yaml:5:providers.openai.timeout: Too small: expected number to be >0',
      'tripline.yaml:8:targets.1: provider "ghost" is not configured (configured: openai)',
      'tripline.yaml:9:extra: unknown key',
      'tripline.yaml:10:schedule: environment variable MISSING_SCHEDULE is not set',
      'canaries/a.yaml:1:id: lowercase letters, digits, ".", "_" and "-"',
      'canaries/a.yaml:3:request.messages: Too small: expected array to have >=1 items',
      'canaries/a.yaml:4:samples: Invalid input: expected number, received string',
      expect.stringMatching(/^canaries\/b\.yaml:\d+:: YAML: /),
      'canaries/c.yaml:1:id: lowercase letters, digits, ".", "_" and "-"',
      `canaries/c.yaml:1:id: duplicate canary id "Bad Id" (also in ${join(dir, 'canaries/a.yaml')}:1:5)`,
      'canaries/c.yaml:6:targets.0: target "nowhere/x" is not in the config\'s targets',
    ]);
  });

  it('throws ConfigError with a message listing every problem', () => {
    const dir = makeProject({ 'tripline.yaml': 'providers: {}\ntargets: []\nfoo: 1\n' });
    const file = join(dir, 'tripline.yaml');
    expect(() => loadConfig(file, env)).toThrow(ConfigError);
    expect(() => loadConfig(file, env)).toThrow(`${file}:3:1: foo: unknown key`);
  });

  it('treats an empty file as an empty mapping', () => {
    const dir = makeProject({ 'tripline.yaml': '' });
    const problems = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env));
    expect(problems.map((p) => p.path)).toEqual(['providers', 'targets']);
  });
});
