import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Where comments and documents live that a maintainer reads. */
const ROOTS = ['src', 'test', 'bench', 'canaries', 'deploy', 'docs', 'README.md', 'CONTRIBUTING.md'];
const TEXT = /\.(ts|md|ya?ml|sh)$/;
const SKIP = /node_modules|test\/fixtures|test\/real-model\/server/;

function files(path: string): string[] {
  if (SKIP.test(path) || !existsSync(path)) return [];
  try {
    return readdirSync(path, { withFileTypes: true }).flatMap((e) => files(join(path, e.name)));
  } catch {
    return TEXT.test(path) ? [path] : [];
  }
}

const all = ROOTS.flatMap(files);

/** The anchors of a markdown file: `<a id="...">` and GitHub's heading slugs. */
function anchorsOf(markdown: string): Set<string> {
  const ids = [...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] ?? '');
  const slugs = [...markdown.matchAll(/^#+\s+(.+)$/gm)].map((m) =>
    (m[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s+/g, '-'),
  );
  return new Set([...ids, ...slugs]);
}

describe('documentation lives in the repository', () => {
  it('no comment or document cites a design file outside the repository or its S-codes', () => {
    const outside = /PROBES\.md|DESIGN\.md|\.\.\/shared\/[A-Z]|\bS[0-9][ab]?\b(?! pricing)/;
    const hits = all.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${f}:${i + 1}` }))
        .filter(({ line }) => outside.test(line) && !line.includes('outside = /'))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('every docs/<page>.md#<anchor> cited exists', () => {
    const missing: string[] = [];
    for (const f of all) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?<![\w/.-])docs\/([a-z-]+\.md)(?:#([a-z0-9-]+))?/g)) {
        const page = join('docs', m[1] ?? '');
        if (!existsSync(page)) missing.push(`${f}: ${m[0]}`);
        else if (m[2] && !anchorsOf(readFileSync(page, 'utf8')).has(m[2])) missing.push(`${f}: ${m[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
