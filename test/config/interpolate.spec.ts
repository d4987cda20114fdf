import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interpolate, resolvePlainScalar } from '../../src/config/interpolate.js';
import { loadConfig } from '../../src/config/load.js';
import { cleanup, makeProject, problemsOf } from './project.js';

const env = { HOST: 'example.com', EMPTY: '', PASS: 'p$w0rd', PORT: '587' };

describe('src/config/interpolate.ts', () => {
  it.each([
    ['no expression', 'plain text', 'plain text', false, []],
    ['a variable', 'https://${HOST}/v1', 'https://example.com/v1', true, ['example.com']],
    ['a set variable that is empty', 'x${EMPTY}y', 'xy', true, ['']],
    ['default when unset', '${NOPE:-fallback}', 'fallback', true, []],
    ['default when empty', '${EMPTY:-fallback}', 'fallback', true, []],
    ['value over default', '${HOST:-fallback}', 'example.com', true, ['example.com']],
    ['an empty default', '${NOPE:-}', '', true, []],
    ['required and set', '${HOST:?set HOST}', 'example.com', true, ['example.com']],
    ['the $${ escape', '$${ESCAPED} and $${HOST}', '${ESCAPED} and ${HOST}', true, []],
    ['a bare $NAME is not expanded', '$HOST and pa$$word', '$HOST and pa$$word', false, []],
    ['a lone dollar', 'costs $5', 'costs $5', false, []],
    ['a value containing $', '${PASS}', 'p$w0rd', true, ['p$w0rd']],
    ['several', '${HOST}:${PORT}', 'example.com:587', true, ['example.com', '587']],
  ])('%s', (_name, text, value, changed, envValues) => {
    expect(interpolate(text, env)).toEqual({ value, changed, envValues, errors: [] });
  });

  it.each([
    ['unset', '${NOPE}', 'environment variable NOPE is not set'],
    ['required with message', 'k=${NOPE:?set NOPE to your key}', 'NOPE: set NOPE to your key'],
    ['required and empty', '${EMPTY:?}', 'environment variable EMPTY is not set or empty'],
    ['bad name', '${1X}', 'invalid expression "${1X}": expected ${NAME}, ${NAME:-default} or ${NAME:?message}'],
    ['unterminated', 'x ${HOST', 'unterminated "${" (write "$${" for a literal "${")'],
  ])('reports %s', (_name, text, error) => {
    expect(interpolate(text, env).errors).toEqual([error]);
  });

  it.each([
    ['5000', 5000],
    ['-1.5', -1.5],
    ['true', true],
    ['FALSE', false],
    ['null', null],
    ['abc', 'abc'],
    ['0x1F', '0x1F'],
  ])('resolves an interpolated plain scalar %j', (text, value) => {
    expect(resolvePlainScalar(text)).toEqual(value);
  });
});

describe('src/config/interpolate-document.ts', () => {
  afterEach(cleanup);

  const config = `providers:
  local:
    type: openai-compatible
    baseUrl: \${LOCAL_URL:-http://127.0.0.1:8000/v1}
    timeout: \${TIMEOUT}
    apiKey: "\${TIMEOUT}"
    headers:
      X-Literal: "$\${NOT_A_VAR}"
      \${KEY_NAME}: value
targets:
  - local/llama
`;

  it('interpolates string values only, typing plain scalars, leaving escapes and keys literal', () => {
    const dir = makeProject({ 'tripline.yaml': config });
    const loaded = loadConfig(join(dir, 'tripline.yaml'), { TIMEOUT: '5000' });
    const local = loaded.config.providers.local;
    expect(local?.baseUrl).toBe('http://127.0.0.1:8000/v1');
    expect(local?.timeout).toBe(5000);
    expect(local?.apiKey).toBe('5000');
    expect(local?.headers).toEqual({ 'X-Literal': '${NOT_A_VAR}', '${KEY_NAME}': 'value' });
  });

  it('reports an unset variable at its scalar, once', () => {
    const dir = makeProject({ 'tripline.yaml': config });
    const file = join(dir, 'tripline.yaml');
    expect(problemsOf(() => loadConfig(file, {}))).toEqual([
      { file, line: 5, column: 14, path: 'providers.local.timeout', message: 'environment variable TIMEOUT is not set' },
      { file, line: 6, column: 13, path: 'providers.local.apiKey', message: 'environment variable TIMEOUT is not set' },
    ]);
  });
});
