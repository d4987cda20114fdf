import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { pinoRedactPaths, redactSecrets, redactUrl } from '../../src/secrets/redact.js';

describe('src/secrets/redact.ts', () => {
  it.each([
    ['a key in text', 'auth failed for sk-abcdef', ['sk-abcdef'], 'auth failed for <secret>'],
    ['every occurrence', 'k1 k1k1', ['k1k1'], 'k1 <secret>'],
    ['longest first', 'Bearer tok-123', ['tok-123', 'Bearer tok-123'], '<secret>'],
    ['percent-encoded form', 'smtp://u:p%40ss1@h', ['p@ss1'], 'smtp://u:<secret>@h'],
    ['short secrets are left alone', 'abc in a sentence', ['abc'], 'abc in a sentence'],
    ['regex characters are literal', 'x a.b*c+ y', ['a.b*c+'], 'x <secret> y'],
    ['no secrets', 'nothing', [], 'nothing'],
  ])('redactSecrets: %s', (_name, text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });

  it.each([
    ['smtp://user:hunter22@smtp.example.com:587', 'smtp://user:<secret>@smtp.example.com:587'],
    ['https://u:p@example.com/a?b=1', 'https://u:<secret>@example.com/a?b=1'],
    ['https://user@example.com/', 'https://user@example.com/'],
    ['smtp://u:p@ss/w0rd@host:25', 'smtp://u:<secret>@host:25'],
    ['https://example.com/a@b', 'https://example.com/a@b'],
    ['https://example.com/v1/models?key=AIza123&alt=sse', 'https://example.com/v1/models?key=<secret>&alt=sse'],
    ['https://example.com/?api_key=1&token=2&page=3', 'https://example.com/?api_key=<secret>&token=<secret>&page=3'],
    ['not a url', 'not a url'],
  ])('redactUrl(%j)', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('pinoRedactPaths are accepted by pino and hide credentials at several depths', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: [...pinoRedactPaths], censor: '<secret>' } }, sink);
    logger.info(
      {
        apiKey: 'k0',
        provider: { apiKey: 'k1', nested: { token: 't2', deeper: { password: 'p3' } } },
        channel: { routingKey: 'r1', secret: 's1' },
        headers: { authorization: 'Bearer a', 'x-api-key': 'x', accept: 'json' },
        req: { headers: { authorization: 'Bearer b', 'api-key': 'y', 'x-goog-api-key': 'g' } },
        run: { request: { headers: { authorization: 'Bearer c' } } },
      },
      'request',
    );
    const line = lines.join('');
    for (const value of ['k0', 'k1', 't2', 'p3', 'r1', 's1', 'Bearer', '"x"', '"y"', '"g"']) {
      expect(line).not.toContain(value);
    }
    expect(line).toContain('"accept":"json"');
  });
});
