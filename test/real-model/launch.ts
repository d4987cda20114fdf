/**
 * Test support for the real-model suite and bench: finds ../shared/models, installs the server's own
 * small node-llama-cpp package on first use, and starts the OpenAI-compatible server over it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The fixed model name the server answers to, whatever file it serves. */
export const MODEL_NAME = 'stories-260k';
/** The reference GGUF file; the others are swapped in behind the same name. */
export const BASE_FILE = 'stories260K.gguf';

/** The repository root: the nearest folder above this file whose package.json is tripline's. */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tripline') return dir;
    if (dirname(dir) === dir) throw new Error(`no tripline package.json above ${from}`);
  }
}

/** `../shared/models` beside the repository (present in CI, absent on most laptops). */
export function modelsDir(root = repoRoot()): string {
  return resolve(root, '..', 'shared', 'models');
}

/** Why the real-model suite cannot run here, or null when it can. */
export function unavailableReason(root = repoRoot()): string | null {
  if (!existsSync(join(modelsDir(root), BASE_FILE))) return `${modelsDir(root)} is absent (no ${BASE_FILE})`;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `the server pins node-llama-cpp's linux-x64 CPU binaries; this is ${process.platform}-${process.arch}`;
  }
  return null;
}

const serverDir = (root: string): string => join(root, 'test', 'real-model', 'server');

/** What `ensureServerInstalled` did. */
export interface InstallOutcome {
  /** False when node_modules was already complete. */
  installed: boolean;
  durationMs: number;
}

/**
 * Installs the server's package (node-llama-cpp and only the linux-x64 CPU binaries, exact versions
 * from its package-lock.json) unless it is already there. Optional dependencies are left out: they are
 * the CUDA and Vulkan builds (~725 MB with them, ~85 MB without). `--no-save` keeps the lockfile as
 * committed; `--ignore-scripts` skips node-llama-cpp's postinstall, which only probes the binaries.
 */
export function ensureServerInstalled(root = repoRoot()): InstallOutcome {
  const dir = serverDir(root);
  const marker = (pkg: string): string => join(dir, 'node_modules', pkg, 'package.json');
  if (existsSync(marker('node-llama-cpp')) && existsSync(marker('@node-llama-cpp/linux-x64'))) return { installed: false, durationMs: 0 };
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--omit=optional', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'];
  const r = spawnSync(npm, args, { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${dir} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { installed: true, durationMs: Date.now() - started };
}

/** Counters the server keeps since it started. */
export interface ServerStats {
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

/** A running real-model server. */
export interface ModelServer {
  /** `http://127.0.0.1:PORT/v1`, the provider baseUrl. */
  baseUrl: string;
  port: number;
  /** Re-points the model name at another file of the models folder. */
  swap(file: string): Promise<void>;
  status(): Promise<{ file: string; stats: ServerStats }>;
  close(): Promise<void>;
}

/** Starts the server on an ephemeral loopback port, serving `file` with a pinned thread count. */
export async function startModelServer(opts: { file?: string; threads?: number; root?: string } = {}): Promise<ModelServer> {
  const root = opts.root ?? repoRoot();
  const args = [join(serverDir(root), 'server.js'), '--models', modelsDir(root), '--file', opts.file ?? BASE_FILE];
  const child = spawn(process.execPath, [...args, '--threads', String(opts.threads ?? 1), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`real-model server did not start in 30 s:\n${stderr}`)), 30_000);
    child.on('exit', (code) => fail(new Error(`real-model server exited (${code}):\n${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      ok((JSON.parse(line) as { port: number }).port);
    });
  });
  const admin = `http://127.0.0.1:${port}/admin`;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    async swap(file) {
      const res = await fetch(`${admin}/swap`, { method: 'POST', body: JSON.stringify({ file }) });
      if (!res.ok) throw new Error(`swap to ${file} failed: ${res.status} ${await res.text()}`);
    },
    async status() {
      return (await (await fetch(`${admin}/status`)).json()) as { file: string; stats: ServerStats };
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
