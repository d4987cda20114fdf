import { MockAgent } from 'undici';
import { afterEach, beforeEach } from 'vitest';

/** An undici MockAgent that refuses real connections (what every adapter spec uses). */
export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/**
 * A fresh MockAgent for each test of the enclosing `describe`, handed to `use`; after each test it
 * fails on an interceptor that was set up but never called, then closes.
 */
export function useMockAgent(use: (agent: MockAgent) => void): void {
  let agent: MockAgent;
  beforeEach(() => {
    agent = mockAgent();
    use(agent);
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
}
