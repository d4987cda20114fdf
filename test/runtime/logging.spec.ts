import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, runLogger } from '../../src/runtime/logging.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _e, cb) => ((text += chunk.toString()), cb()) });
  return { stream, lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('src/runtime/logging', () => {
  it('redacts secret keys and auth headers, and known secret values anywhere', () => {
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream, secrets: ['sk-live-123456'] });
    log.info(
      {
        provider: { apiKey: 'k1', baseUrl: 'http://x' },
        channel: { token: 'xoxb-1', routingKey: 'r', nested: { password: 'p' } },
        request: { headers: { authorization: 'Bearer z', 'x-api-key': 'y', accept: 'json' } },
        note: 'key sk-live-123456 leaked into a message',
      },
      'config loaded',
    );
    const line = out.lines()[0] ?? {};
    const text = JSON.stringify(line);
    for (const secret of ['k1', 'xoxb-1', '"r"', '"p"', 'Bearer z', '"y"', 'sk-live-123456']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      msg: 'config loaded',
      provider: { apiKey: '<secret>', baseUrl: 'http://x' },
      request: { headers: { authorization: '<secret>', 'x-api-key': '<secret>', accept: 'json' } },
    });
  });

  it('binds run, target and canary on the per-run child logger', () => {
    const out = capture();
    const log = runLogger(createLogger({ level: 'info', destination: out.stream }), 'r1', 'openai/gpt-4o', 'tokens-short');
    log.warn({ tokens: 3 }, 'run finished');
    expect(out.lines()[0]).toMatchObject({ run: 'r1', target: 'openai/gpt-4o', canary: 'tokens-short', tokens: 3, msg: 'run finished', level: 40 });
  });
});
