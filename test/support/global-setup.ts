import { spawnSync } from 'node:child_process';

/**
 * e2e suites run the built CLI, so the build must match the sources under test. tsc emits even
 * with type errors; those are reported by `npm run typecheck`, not here. The build is incremental
 * (`dist/.tsbuildinfo`): a run after a small change rebuilds only what it touched.
 */
export default function setup(): void {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) process.stderr.write(`[global-setup] tsc reported errors:\n${r.stdout}${r.stderr}`);
}
