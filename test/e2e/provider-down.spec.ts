import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFindings, runCli } from '../support/cli.js';
import { makeWorkspace } from '../support/workspace.js';

/** A provider that accepts every connection and drops it at once (a connection-level failure), counting them. */
async function droppingProvider(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/v1`, connections: () => connections, close: () => new Promise((r) => server.close(() => r())) };
}

function workspace(baseUrl: string) {
  return makeWorkspace({
    config: {
      providers: { down: { type: 'openai', baseUrl, apiKey: 'sk-down-0000' } },
      targets: ['down/gpt-4o-mini', 'down/gpt-4o'],
    },
    shippedCanaries: 'all',
  });
}

describe('e2e: a provider that is down is one finding, fast', () => {
  let provider: Awaited<ReturnType<typeof droppingProvider>>;
  beforeAll(async () => {
    provider = await droppingProvider();
  });
  afterAll(async () => {
    await provider.close();
  });

  it('check of the shipped suite sends a handful of requests, not hundreds, and reports one availability.provider_down', async () => {
    const ws = workspace(provider.url);
    const result = await runCli(['check', '--json', '--config', ws.configPath]);
    expect(result.code, result.stderr).toBe(2);
    const findings = parseFindings(result);
    expect(findings.filter((f) => f.kind.startsWith('availability.')).map((f) => `${f.kind} ${f.target}`)).toEqual(['availability.provider_down down']);
    const down = JSON.parse(result.stdout) as { evidence: { targets: string[]; canaries: string[] } }[];
    expect(down[0]?.evidence.targets).toEqual(['down/gpt-4o', 'down/gpt-4o-mini']);
    expect(down[0]?.evidence.canaries.length).toBeGreaterThanOrEqual(20);
    // Without the breaker every request of every canary is tried with its retries (hundreds). With it,
    // what was already in flight when it opened: 2 targets x 4 concurrent requests x 3 attempts, and a few.
    expect(provider.connections()).toBeLessThanOrEqual(40);
  }, 60_000);

  it('a closed port: the same single finding', async () => {
    const closed = await droppingProvider();
    await closed.close();
    const ws = workspace(closed.url);
    const result = await runCli(['check', '--json', '--config', ws.configPath]);
    expect(result.code, result.stderr).toBe(2);
    expect(parseFindings(result).filter((f) => f.kind.startsWith('availability.')).map((f) => f.kind)).toEqual(['availability.provider_down']);
  }, 60_000);
});
