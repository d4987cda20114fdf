/**
 * Idle-RSS floor (not part of npm test): RSS of a Node process that only loads what the daemon
 * loads before its first run (the libraries the README lists, a timezone-aware formatter as
 * node-cron uses, an HTTP listener), without and with the deployed V8 flag. It shows how much
 * of the daemon's idle RSS is the runtime and its libraries, and how much is tripline.
 *
 *   node dist/bench/idle-floor.js
 */
import { spawn } from 'node:child_process';
import { rssOf, sleep } from './support/processes.js';

const LIBRARIES = ['undici', 'better-sqlite3', 'zod', 'pino', 'prom-client', 'yaml', 'node-cron', 'commander'];
const LOAD = [
  `const { createRequire } = await import('node:module');`,
  `const require = createRequire(process.cwd() + '/package.json');`,
  `for (const m of ${JSON.stringify(LIBRARIES)}) require(m);`,
  `new (require('better-sqlite3'))(':memory:').close();`,
  `new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: 'numeric' }).format(new Date());`,
  `(await import('node:http')).createServer().listen(0, '127.0.0.1');`,
].join('\n');

async function measure(code: string, flags: string[]): Promise<{ rss: number; anon: number }> {
  const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', `${code}\nsetInterval(() => {}, 1000);`], { stdio: 'ignore' });
  await sleep(4_000);
  const mem = rssOf(child.pid ?? 0);
  child.kill();
  return mem;
}

const FLAG = '--max-semi-space-size=1';
const rows: [string, string, Awaited<ReturnType<typeof measure>>][] = [
  ['bare Node', '(none)', await measure('', [])],
  ['bare Node', FLAG, await measure('', [FLAG])],
  [`Node + ${LIBRARIES.join(', ')}, Intl time zone, HTTP listener`, '(none)', await measure(LOAD, [])],
  [`Node + ${LIBRARIES.join(', ')}, Intl time zone, HTTP listener`, FLAG, await measure(LOAD, [FLAG])],
];
const mb = (n: number): string => `${Math.round(n)} MB`;
process.stdout.write(
  [
    `| process (${process.version}) | V8 flags | RSS | anonymous part |`,
    '| --- | --- | --- | --- |',
    ...rows.map(([what, flags, m]) => `| ${what} | ${flags} | ${mb(m.rss)} | ${mb(m.anon)} |`),
    '',
  ].join('\n'),
);
