import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { channels } from '../../src/alerts/channels/registry.js';
import { loadConfig } from '../../src/config/load.js';
import { fileTwinOf } from '../../src/config/secret-files.js';
import { createLogger } from '../../src/runtime/logging.js';
import { cleanup, makeProject, MINIMAL_CONFIG, problemsOf } from './project.js';
import { env, SECRETS, secretFilesProject } from './secret-files-project.js';

afterEach(cleanup);

describe('src/config/secret-files (the *File twin of every channel secret)', () => {
  it('every secret field a channel declares has its *File twin in the channel schema', () => {
    for (const channel of Object.values(channels)) {
      const shape = (channel.schema as unknown as { shape: Record<string, unknown> }).shape;
      for (const field of Object.keys(channel.secretFields)) expect(shape, `${channel.id}.${fileTwinOf(field)}`).toHaveProperty(fileTwinOf(field));
    }
  });

  it('reads tokenFile, secretFile, routingKeyFile and urlFile relative to the config, trimmed, and lists them as secrets', () => {
    const loaded = loadConfig(join(secretFilesProject(), 'tripline.yaml'), env);
    const byType = Object.fromEntries((loaded.config.alerts?.channels ?? []).map((c) => [c.type, c]));
    expect(byType.slack).toMatchObject({ token: SECRETS.slack });
    expect(byType.webhook).toMatchObject({ secret: SECRETS.webhook });
    expect(byType.pagerduty).toMatchObject({ routingKey: SECRETS.pagerduty });
    expect(byType.email).toMatchObject({ url: `smtp://tripline:${SECRETS.smtpPassword}@127.0.0.1:1/` });
    for (const s of Object.values(SECRETS)) expect(loaded.secrets).toContain(s);
  });

  it.each([
    ['both token and tokenFile', '      token: xoxb-inline\n      tokenFile: ./credentials/slack-bot-token\n', 'credentials/slack-bot-token', 'x', /^set token or tokenFile, not both$/],
    ['a missing file', '      tokenFile: ./credentials/nope\n', 'credentials/other', 'x', /^cannot read secret file: .*nope$/],
    ['an empty file', '      tokenFile: ./credentials/slack-bot-token\n', 'credentials/slack-bot-token', '\n', /^secret file is empty: /],
  ])('rejects %s, located at the twin', (_name, lines, file, content, message) => {
    const dir = makeProject({ 'tripline.yaml': `${MINIMAL_CONFIG}alerts:\n  channels:\n    - type: slack\n      channel: "#x"\n${lines}`, [file]: content });
    const problems = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env));
    expect(problems).toEqual([expect.objectContaining({ path: 'alerts.channels.0.tokenFile', message: expect.stringMatching(message) })]);
    expect(problems[0]!.line).toBeGreaterThan(6);
  });

  it('log lines never carry a secret read from a file', () => {
    const loaded = loadConfig(join(secretFilesProject(), 'tripline.yaml'), env);
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
    const logger = createLogger({ level: 'info', destination: sink, secrets: loaded.secrets });
    logger.warn({ detail: `token=${SECRETS.slack} key=${SECRETS.pagerduty} url=smtp://tripline:${SECRETS.smtpPassword}@x` }, `signing with ${SECRETS.webhook}`);
    for (const s of Object.values(SECRETS)) expect(out).not.toContain(s);
    expect(out).toContain('<secret>');
  });
});
