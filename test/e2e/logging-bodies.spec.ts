import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileProvider, type HostileProvider } from '../../bench/support/hostile-provider.js';
import { makeWorkspace } from '../support/workspace.js';
import { spawnDaemon } from './daemon-harness.js';

const KEY = 'sk-bodies-test-key-0123456789';

/** Issue 15 row 14: `logging.bodies: true` logs each exchange's bodies, redacted and cut. */
describe('e2e: logging.bodies', () => {
  let hostile: HostileProvider;
  beforeAll(async () => {
    hostile = await startHostileProvider();
  });
  afterAll(() => hostile.close());

  it('logs request and response bodies with secrets replaced and long bodies cut to 4 KiB', async () => {
    const ws = makeWorkspace({
      config: {
        providers: { p: { type: 'openai', baseUrl: hostile.baseUrl('echo-key'), apiKey: KEY, timeout: 5_000, maxRetries: 0 } },
        targets: ['p/gpt-4o-mini'],
        schedule: '*/2 * * * * *',
        server: { listen: '127.0.0.1:0' },
        logging: { level: 'info', bodies: true },
      },
      canaries: {
        'long.yaml': {
          id: 'long-prompt',
          request: { messages: [{ role: 'user', content: `Reply with ready. ${'padding '.repeat(1_000)}` }], params: { maxTokens: 1 } },
          samples: 1,
          probes: ['shape'],
        },
      },
    });
    const daemon = spawnDaemon(ws.configPath, {});
    try {
      const line = (await daemon.waitForLine((l) => l.msg === 'provider exchange', 30_000)) as {
        canary: string;
        request: { method: string; url: string; body: string };
        response: { status: number; body: string };
      };
      expect(line.canary).toBe('long-prompt');
      expect(line.request.method).toBe('POST');
      expect(line.request.url).toBe(`${hostile.baseUrl('echo-key')}/chat/completions`);
      expect(line.request.body).toMatch(/^\{"model":"gpt-4o-mini","messages":\[\{"role":"user","content":"Reply with ready\. padding padding /);
      expect(line.request.body).toMatch(/…\[\d+ bytes, sha256 [0-9a-f]{64}\]$/);
      expect(Buffer.byteLength(line.request.body)).toBeLessThan(4 * 1024 + 100);
      expect(line.response.status).toBe(200);
      expect(line.response.body).toContain('"content":"ready <secret>');
      expect(line.response.body).toContain('"system_fingerprint":"fp_<secret>"');
      expect(JSON.stringify(daemon.lines)).not.toContain(KEY);
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  });
});
