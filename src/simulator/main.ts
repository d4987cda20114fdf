import { parseArgs } from 'node:util';
import { scenarioIds } from './scenarios/index.js';
import { startSimulator } from './server.js';

/**
 * Standalone entry: `node dist/src/simulator/main.js --port 8080 --scenario none`
 * (`--scenario` may repeat; `--drift-after <ms> --drift <id>` schedules one; `--seed`, `--latency`).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      scenario: { type: 'string', multiple: true, default: [] },
      seed: { type: 'string', default: '1' },
      latency: { type: 'string', default: '0' },
      drift: { type: 'string' },
      'drift-after': { type: 'string', default: '60000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: main.js [--port 8080] [--scenario ID]... [--seed N] [--latency MS] [--drift ID --drift-after MS]\n' +
        `scenarios: ${scenarioIds.join(', ')}\n`,
    );
    return;
  }
  const sim = await startSimulator({
    port: Number(values.port),
    seed: Number(values.seed),
    latencyMs: Number(values.latency),
    scenarios: values.scenario,
    schedule: values.drift ? [{ afterMs: Number(values['drift-after']), scenario: values.drift }] : [],
  });
  process.stdout.write(`tripline simulator listening on ${sim.url} (scenarios: ${sim.scenarios().join(', ') || 'none'})\n`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
