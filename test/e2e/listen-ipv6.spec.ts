import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeWorkspace } from '../support/workspace.js';
import { spawnDaemon } from './daemon-harness.js';

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('e2e: server.listen takes IPv6 addresses (issue 15 row 15)', () => {
  it('validates "[::1]:PORT" and serves /healthz on it', async () => {
    const ws = makeWorkspace({
      config: {
        providers: { p: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-ipv6-test-000', timeout: 500, maxRetries: 0 } },
        targets: ['p/gpt-4o-mini'],
        schedule: '0 0 1 1 *',
        server: { listen: '[::1]:0' },
      },
      shippedCanaries: ['tokens-short.yaml'],
    });
    const validate = await runCli(['validate', '--config', ws.configPath]);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const daemon = spawnDaemon(ws.configPath, {});
    try {
      const address = await daemon.address;
      expect(address).toMatch(/^\[::1\]:\d+$/);
      expect(await get(`http://${address}/healthz`)).toBe(200);
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  });
});
