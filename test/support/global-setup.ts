import { execFileSync } from 'node:child_process';

/** e2e suites run the built CLI, so the build must match the sources under test. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
