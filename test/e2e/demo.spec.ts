import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('e2e: tripline demo (npm start)', () => {
  it('needs no key or config and shows a caught drift with its evidence and action', async () => {
    const result = await runCli(['demo', '--drift-after', '6', '--exit-after-alert', '--port', '0'], { timeoutMs: 90_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('baseline.recorded');
    expect(result.stdout).toMatch(/WARNING tokens\.input_changed on sim\/gpt-4o-mini/);
    expect(result.stdout).toMatch(/action: .*tripline baseline --target sim\/gpt-4o-mini/);
  }, 100_000);
});
