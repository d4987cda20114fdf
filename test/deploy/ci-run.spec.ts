import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * .ci/run's report, with an `npm` on PATH that answers `npm test` with a vitest summary and does
 * nothing else: the Node 24 run cannot install its Node, which .ci/run counts as one failure.
 */
describe('.ci/run', () => {
  it('prints each run\'s test count and duration before the final "N passed, N failed" line, which stays last', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tripline-ci-'));
    const npm = join(dir, 'npm');
    writeFileSync(
      npm,
      ['#!/usr/bin/env bash', 'if [ "$1" = test ]; then sleep 1; echo "      Tests  3 passed | 1 skipped (4)"; fi', 'exit 0', ''].join('\n'),
    );
    chmodSync(npm, 0o755);
    const run = spawnSync('.ci/run', [], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, TRIPLINE_CI_SCRATCH: join(dir, 'scratch') },
      timeout: 60_000,
    });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('3 passed, 1 failed');
    const duration = lines.at(-2) ?? '';
    expect(duration).toMatch(/^\[ci\] node v\d+\.\d+\.\d+: 4 tests in \d+ s$/);
    expect(Number(/in (\d+) s$/.exec(duration)?.[1])).toBeGreaterThanOrEqual(1);
  });
});
