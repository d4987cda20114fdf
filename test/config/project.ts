import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../src/domain/errors.js';
import type { ConfigProblem } from '../../src/domain/errors.js';

/** A minimal valid tripline.yaml; line numbers in specs refer to this text. */
export const MINIMAL_CONFIG = `providers:
  openai:
    type: openai
    apiKey: \${OPENAI_API_KEY}
targets:
  - openai/gpt-4o-mini
`;

/** A minimal valid canary file. */
export function canaryYaml(id: string, extra = ''): string {
  return `id: ${id}
request:
  messages:
    - role: user
      content: Say OK.
${extra}`;
}

/** Temp project directories, removed by `cleanup`. */
const made: string[] = [];

/** Writes `files` (relative path -> text) into a fresh temp dir; `canaries/` exists unless `noCanaries`. */
export function makeProject(files: Record<string, string>, opts: { noCanaries?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-config-'));
  made.push(dir);
  if (!opts.noCanaries) mkdirSync(join(dir, 'canaries'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The problems of the ConfigError `fn` throws; fails when it does not throw one. */
export function problemsOf(fn: () => unknown): ConfigProblem[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
