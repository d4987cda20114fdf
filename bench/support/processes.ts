import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A child process of the bench, with what it printed so far. */
export interface Child {
  proc: ChildProcess;
  /** stdout and stderr, last 64 KB. */
  output(): string;
  /** SIGTERM, then resolves with the exit code (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

/** `dist/` of this build: bench files run from `dist/bench/`. */
export const distRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Starts `node <script> ...args` from the dist folder, capturing its output. */
export function startNode(script: string, args: string[], opts: { nodeArgs?: string[]; cwd?: string } = {}): Child {
  const argv = [...(opts.nodeArgs ?? []), `${distRoot}${script}`, ...args];
  const proc = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd });
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString('utf8')).slice(-65_536);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    async stop(graceMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resolves once the child's output matches, with the first capture group. */
export async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(child.output());
    if (m) return m[1] ?? m[0];
    if (child.proc.exitCode !== null) throw new Error(`child exited early:\n${child.output()}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${String(pattern)}:\n${child.output()}`);
    await sleep(100);
  }
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * Resident set size of a process, MB, from /proc (Linux): total, its private (anonymous) part, and
 * the high-water mark. The rest of the total is file-backed pages, mostly the node binary (code, ICU data).
 */
export function rssOf(pid: number): { rss: number; anon: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
