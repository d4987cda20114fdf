import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { urlPassword } from '../../src/secrets/url-password.js';
import { loadConfig } from '../../src/config/load.js';
import { cleanup, makeProject, problemsOf } from './project.js';

afterEach(cleanup);

const config = `providers:
  openai:
    type: openai
    apiKey: \${OPENAI_API_KEY}
    baseUrl: https://\${GATEWAY_HOST}/v1
  router:
    type: openai-compatible
    baseUrl: https://openrouter.example/api/v1
    headers:
      Authorization: Bearer \${ROUTER_TOKEN}
      HTTP-Referer: https://tripline.example
targets:
  - openai/gpt-4o-mini
  - router/meta/llama
alerts:
  channels:
    - type: slack
      token: \${SLACK_BOT_TOKEN}
      channel: "#llm"
    - type: email
      url: smtp://\${SMTP_USER}:\${SMTP_PASSWORD}@smtp.example.com:587
      from: tripline@example.com
      to: [ops@example.com]
    - type: webhook
      url: https://hooks.example/in
      secret: literal-webhook-secret
    - type: pagerduty
      routingKey: \${PD_KEY}
`;

const env = {
  OPENAI_API_KEY: 'sk-openai-1',
  GATEWAY_HOST: 'gateway.example',
  ROUTER_TOKEN: 'or-token-2',
  SLACK_BOT_TOKEN: 'xoxb-3',
  SMTP_USER: 'mailer',
  SMTP_PASSWORD: 'p@ss/w0rd',
  PD_KEY: 'pd-routing-4',
};

describe('src/config/collect-secrets.ts', () => {
  it('lists credential values and the env values interpolated into them, not other env values', () => {
    const dir = makeProject({ 'tripline.yaml': config });
    const { secrets } = loadConfig(join(dir, 'tripline.yaml'), env);
    expect([...secrets].sort()).toEqual(
      [
        'sk-openai-1',
        'Bearer or-token-2',
        'or-token-2',
        'xoxb-3',
        'p@ss/w0rd',
        'literal-webhook-secret',
        'pd-routing-4',
      ].sort(),
    );
    expect(secrets).not.toContain('gateway.example');
    expect(secrets).not.toContain('mailer');
    expect(secrets).not.toContain('https://tripline.example');
    expect(Object.isFrozen(secrets)).toBe(true);
    const lengths = secrets.map((s) => s.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });

  it('lists the password of a userinfo in a provider base URL and a deprecation page URL, not the user or the host', () => {
    const dir = makeProject({
      'tripline.yaml': [
        'providers:',
        '  local:',
        '    type: openai-compatible',
        '    baseUrl: https://gw:${GW_PASSWORD}@gateway.example/v1',
        'targets: [local/llama]',
        'deprecations:',
        '  sources:',
        '    - openai',
        '    - { type: anthropic, url: "https://mirror:m1rr0r-pass@mirror.example/anthropic.html" }',
        '',
      ].join('\n'),
    });
    const { secrets } = loadConfig(join(dir, 'tripline.yaml'), { GW_PASSWORD: 'gw-pass-7' });
    expect([...secrets].sort()).toEqual(['gw-pass-7', 'm1rr0r-pass']);
  });

  it.each([
    ['smtp://u:secret@host:25', ['secret']],
    ['smtps://u:p%40ss@host', ['p%40ss', 'p@ss']],
    ['smtp://host:25', []],
    ['smtp://user@host', []],
    ['smtp://u:p@ss/w0rd@host', ['p@ss/w0rd']],
    ['smtp://host/?from=a@b', []],
  ])('urlPassword(%j)', (url, expected) => {
    expect(urlPassword(url)).toEqual(expected);
  });
});

describe('src/config/key-files.ts', () => {
  const withKeyFile = (line: string): string =>
    `providers:\n  openai:\n    type: openai\n${line}targets:\n  - openai/gpt-4o-mini\n`;

  it('reads apiKeyFile relative to the config, trims it, and lists the key as a secret', () => {
    const dir = makeProject({
      'tripline.yaml': withKeyFile('    apiKeyFile: ./credentials/openai\n'),
      'credentials/openai': 'sk-from-file-9\n',
    });
    const loaded = loadConfig(join(dir, 'tripline.yaml'), {});
    expect(loaded.config.providers.openai?.apiKey).toBe('sk-from-file-9');
    expect(loaded.secrets).toContain('sk-from-file-9');
    expect(loaded.warnings.map((w) => w.message)).not.toContain('type openai needs an apiKey');
  });

  it.each([
    ['a missing file', '    apiKeyFile: ./nope\n', /^cannot read key file: .*nope$/],
    ['both apiKey and apiKeyFile', '    apiKey: k\n    apiKeyFile: ./nope\n', /^set apiKey or apiKeyFile, not both$/],
  ])('rejects %s', (_name, line, message) => {
    const dir = makeProject({ 'tripline.yaml': withKeyFile(line) });
    const problems = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), {}));
    expect(problems).toEqual([expect.objectContaining({ path: 'providers.openai.apiKeyFile', message: expect.stringMatching(message) })]);
  });
});
