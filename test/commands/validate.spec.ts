import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/commands/validate.js';
import { canaryYaml, cleanup, makeProject, MINIMAL_CONFIG } from '../config/project.js';

afterEach(cleanup);

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

function validate(configPath: string, env: NodeJS.ProcessEnv, strict = false): { code: number; out: string; err: string } {
  const out = capture();
  const err = capture();
  const code = runValidate({ configPath, strict, out: out.stream, err: err.stream, env });
  return { code, out: out.text(), err: err.text() };
}

const env = { OPENAI_API_KEY: 'sk-validate-secret' };
const priced = `${MINIMAL_CONFIG.replace('    apiKey:', '    budget: {inputPricePerMTok: 0.15, outputPricePerMTok: 0.6}\n    apiKey:')}`;

describe('src/commands/validate.ts', () => {
  it('exits 0 with a summary and the daily load table', () => {
    const dir = makeProject({
      'tripline.yaml': priced,
      'canaries/hello.yaml': canaryYaml('hello', 'samples: 2\n'),
    });
    const r = validate(join(dir, 'tripline.yaml'), env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${join(dir, 'tripline.yaml')}: valid`);
    expect(r.out).toContain('providers: 1: openai (openai)');
    expect(r.out).toContain('canaries:  1 in 1 file');
    expect(r.out).toContain('its cap, an upper bound: params.maxTokens, else params.clientMaxTokens');
    expect(r.out).toContain('streamed answer), else 16,384');
    // No baseline yet: 2 samples x 48 cycles (no sequential stop: the most it sends too); input
    // ceil(7 / 4) = 2 tokens (estimated, ~); no maxTokens: 16,384 output tokens assumed (an upper bound, <=).
    const row = r.out.split('\n').find((l) => l.startsWith('openai/gpt-4o-mini'));
    expect(row?.split(/\s{2,}/)).toEqual(['openai/gpt-4o-mini', '1', '0/1', '96', '96', '~192', '<=1,572,864', '<=0.94']);
    expect(r.out).not.toContain('sk-validate-secret');
  });

  it('hints at server.externalUrl when it is not set (alerts then carry no link), and not when it is', () => {
    const hint = 'hint: server.externalUrl is not set, so alerts carry no link to their finding page on the dashboard';
    const without = makeProject({ 'tripline.yaml': priced, 'canaries/hello.yaml': canaryYaml('hello', 'samples: 2\n') });
    const r = validate(join(without, 'tripline.yaml'), env);
    expect(r.code).toBe(0);
    expect(r.out).toContain(hint);
    const withUrl = makeProject({
      'tripline.yaml': `${priced}server:\n  externalUrl: https://tripline.example.com\n`,
      'canaries/hello.yaml': canaryYaml('hello', 'samples: 2\n'),
    });
    expect(validate(join(withUrl, 'tripline.yaml'), env).out).not.toContain(hint);
  });

  it.each([
    ['unknown key', `${MINIMAL_CONFIG}colour: blue\n`, {}, [':7:1: colour: unknown key']],
    ['unset variable', MINIMAL_CONFIG, { OPENAI_API_KEY: undefined }, [':4:13: providers.openai.apiKey: environment variable OPENAI_API_KEY is not set']],
    [
      'several problems',
      `${MINIMAL_CONFIG}  - nobody/x\nschedule: 7\n`,
      {},
      [':7:5: targets.1: provider "nobody" is not configured', ':8:11: schedule: Invalid input: expected string, received number'],
    ],
  ])('exits 2 and prints file:line:column: path: message for %s, no stack trace', (_name, yaml, envPatch, expected) => {
    const dir = makeProject({ 'tripline.yaml': yaml });
    const file = join(dir, 'tripline.yaml');
    const r = validate(file, { ...env, ...envPatch });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach((e, i) => expect(lines[i]).toContain(`${file}${e}`));
    expect(lines.at(-1)).toBe(`${file}: invalid, ${expected.length} ${expected.length === 1 ? 'problem' : 'problems'}`);
    expect(r.err).not.toMatch(/\bat .+:\d+:\d+\)?$/m);
  });

  it('exits 2 for a missing config file', () => {
    const dir = makeProject({});
    const file = join(dir, 'tripline.yaml');
    const r = validate(file, env);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${file}:0:0: (root): file not found\n${file}: invalid, 1 problem\n`);
  });

  it.each([
    [false, 0],
    [true, 2],
  ])('prints warnings; with strict=%s exits %i', (strict, code) => {
    const dir = makeProject({
      'tripline.yaml': `${MINIMAL_CONFIG}  - spare/x\n`.replace('providers:\n', 'providers:\n  spare:\n    type: openai-compatible\n    baseUrl: http://127.0.0.1:1/v1\n  unused:\n    type: anthropic\n    apiKey: k\n'),
      'canaries/c.yaml': canaryYaml('c'),
    });
    const file = join(dir, 'tripline.yaml');
    const r = validate(file, env, strict);
    expect(r.code).toBe(code);
    expect(r.err).toContain(`${file}:5:3: providers.unused: warning: provider "unused" is not used by any target\n`);
    expect(r.out === '').toBe(strict);
  });

  it('--json: one document with the summary, the warnings and the load; problems in the same form when invalid', () => {
    const dir = makeProject({ 'tripline.yaml': priced, 'canaries/hello.yaml': canaryYaml('hello', '  params: { seed: 7, maxTokens: 4 }\n') });
    const file = join(dir, 'tripline.yaml');
    const out = capture();
    const err = capture();
    expect(runValidate({ configPath: file, json: true, out: out.stream, err: err.stream, env })).toBe(0);
    expect(err.text()).toBe('');
    const doc = JSON.parse(out.text()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      config: file,
      valid: true,
      problems: [],
      warnings: [expect.objectContaining({ path: 'request.params.seed', message: 'seed is set but no listed probe reads it: add reproducibility to probes' })],
      providers: [{ name: 'openai', type: 'openai' }],
      targets: ['openai/gpt-4o-mini'],
      canaries: [{ id: 'hello', file: join(dir, 'canaries', 'hello.yaml'), probes: ['shape', 'identity', 'tokens', 'ratelimit'] }],
      load: [expect.objectContaining({ target: 'openai/gpt-4o-mini', canaries: 1, requestsPerDay: 48 })],
    });
    expect(out.text()).not.toContain('sk-validate-secret');

    const bad = capture();
    writeFileSync(file, `${MINIMAL_CONFIG}colour: blue\n`);
    expect(runValidate({ configPath: file, json: true, out: bad.stream, err: err.stream, env })).toBe(2);
    expect(JSON.parse(bad.text())).toEqual({ config: file, valid: false, problems: [expect.objectContaining({ line: 7, column: 1, path: 'colour', message: 'unknown key' })], warnings: [] });
  });

  it('warns when the canaries directory is empty', () => {
    const dir = makeProject({ 'tripline.yaml': MINIMAL_CONFIG });
    const r = validate(join(dir, 'tripline.yaml'), env);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: no canary files (*.yaml, *.yml): nothing will run');
  });
});
