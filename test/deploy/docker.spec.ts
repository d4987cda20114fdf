/**
 * deploy/docker/Dockerfile: no Docker engine runs here or in CI, so the Dockerfile is parsed and
 * checked structurally against the repository (package.json bin, the server's routes, the
 * container config, .dockerignore). The HEALTHCHECK command itself is run against a live daemon in
 * test/e2e/deploy-daemon.spec.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { expectValidCanaries, listenOf, servedPaths } from './manifest-checks.js';

interface Instruction {
  cmd: string;
  args: string;
  line: number;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, ' ');
      i++;
      if (!/^\s*#/.test(lines[i]!)) line += lines[i]!;
    }
    const m = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(line);
    if (m) out.push({ cmd: m[1]!.toUpperCase(), args: m[2]!.trim().replace(/\s+/g, ' '), line: start + 1 });
  }
  return out;
}

/** Stages: FROM ... AS name, with the instructions that follow. */
function stagesOf(ins: Instruction[]): { from: string; name: string; body: Instruction[] }[] {
  const stages: { from: string; name: string; body: Instruction[] }[] = [];
  for (const i of ins) {
    if (i.cmd === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(i.args)!;
      stages.push({ from: m[1]!, name: m[2] ?? String(stages.length), body: [] });
    } else stages.at(-1)?.body.push(i);
  }
  return stages;
}

/** A minimal .dockerignore matcher (last matching pattern wins; `*`, `**`, `!`). */
function dockerIgnored(path: string, patterns: string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const p = (negate ? raw.slice(1) : raw).replace(/\/$/, '');
    const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*\*/g, '.*').replace(/\*/g, '[^/]*')}(/.*)?$`);
    if (re.test(path)) ignored = !negate;
  }
  return ignored;
}

const dockerfile = readFileSync('deploy/docker/Dockerfile', 'utf8');
const ins = parseDockerfile(dockerfile);
const stages = stagesOf(ins);
const runtime = stages.at(-1)!;
const ignore = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const last = (cmd: string): Instruction | undefined => runtime.body.filter((i) => i.cmd === cmd).at(-1);
const execForm = (i: Instruction | undefined): string[] => JSON.parse(i?.args ?? 'null') as string[];
const containerConfig = readFileSync('deploy/docker/tripline.yaml', 'utf8');

describe('deploy/docker/Dockerfile', () => {
  it('is multi-stage on a digest-pinned Node 24 LTS bookworm-slim: build with dev deps, production deps with the native addon, slim runtime', () => {
    const arg = ins.find((i) => i.cmd === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:24\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/);
    expect(stages.length).toBeGreaterThanOrEqual(3);
    for (const s of stages) expect(s.from).toBe('${NODE_IMAGE}');
    const run = (s: { body: Instruction[] }): string => s.body.filter((i) => i.cmd === 'RUN').map((i) => i.args).join('\n');
    const build = stages.find((s) => /npm run build/.test(run(s)))!;
    expect(run(build)).toMatch(/npm ci\b/);
    // `prepare` runs the build on `npm ci`: every npm ci in the Dockerfile skips scripts
    for (const m of dockerfile.matchAll(/npm ci[^\n&]*/g)) expect(m[0]).toContain('--ignore-scripts');
    const deps = stages.find((s) => /--omit=dev/.test(run(s)))!;
    expect(deps, 'a stage installs production dependencies only').toBeDefined();
    expect(run(deps)).toMatch(/npm rebuild better-sqlite3/);
    // the runtime stage installs nothing: it copies dist/ from the build and node_modules from deps
    expect(run(runtime)).not.toMatch(/npm (ci|install)/);
    const copies = runtime.body.filter((i) => i.cmd === 'COPY').map((i) => i.args);
    expect(copies).toContain(`--from=${deps.name} /app/node_modules ./node_modules`);
    expect(copies.some((c) => c.startsWith(`--from=${build.name} `) && c.includes('dist/src'))).toBe(true);
  });

  it('the image\'s Node is one package.json supports and the one .ci/run tests on', () => {
    const version = /^NODE_IMAGE=node:(\d+\.\d+\.\d+)-/.exec(ins.find((i) => i.cmd === 'ARG' && i.args.startsWith('NODE_IMAGE='))!.args)![1]!;
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    // engines lists the tested majors ("^20.18.1 || ^24.0.0"): the image's is one of them
    const ranges = pkg.engines.node.split('||').map((r) => r.trim());
    expect(ranges, pkg.engines.node).toContain(`^${version.split('.')[0]}.0.0`);
    // .ci/run reads the version from this ARG (one home for the fact)
    expect(readFileSync('.ci/run', 'utf8')).toContain('ARG NODE_IMAGE=node:');
  });

  it('carries the OCI image annotations, with the license and version package.json states', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; license: string };
    const labels = new Map(
      runtime.body
        .filter((i) => i.cmd === 'LABEL')
        .flatMap((i) => [...i.args.matchAll(/(\S+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as const)),
    );
    for (const key of ['title', 'description', 'version', 'revision', 'created', 'licenses', 'source', 'base.name']) {
      expect(labels.get(`org.opencontainers.image.${key}`), key).toBeTruthy();
    }
    expect(labels.get('org.opencontainers.image.licenses')).toBe(pkg.license);
    expect(runtime.body.find((i) => i.cmd === 'ARG' && i.args.startsWith('VERSION='))?.args).toBe(`VERSION=${pkg.version}`);
    expect(labels.get('org.opencontainers.image.base.name')).toBe('${NODE_IMAGE}');
    // the license text ships with the image, and it is the one package.json names
    expect(runtime.body.some((i) => i.cmd === 'COPY' && i.args.split(' ').includes('LICENSE'))).toBe(true);
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} .+\n\nPermission is hereby granted, free of charge/);
  });

  it('runs as uid 10001, not root', () => {
    const user = last('USER')!.args;
    expect(user.split(':')[0]).toBe('10001');
    expect(runtime.body.findIndex((i) => i.cmd === 'USER')).toBeGreaterThan(runtime.body.map((i) => i.cmd).lastIndexOf('RUN'));
    expect(dockerfile).toMatch(/useradd [^\n]*--uid 10001/);
  });

  it('ENTRYPOINT is the CLI that package.json names as bin; CMD is `start --config` the baked config', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: { tripline: string } };
    const workdir = last('WORKDIR')!.args;
    expect(execForm(last('ENTRYPOINT'))).toEqual(['node', `${workdir}/${pkg.bin.tripline}`]);
    const cmd = execForm(last('CMD'));
    expect(cmd.slice(0, 2)).toEqual(['start', '--config']);
    const configPath = cmd[2]!;
    expect(runtime.body.some((i) => i.cmd === 'COPY' && i.args === `deploy/docker/tripline.yaml ${configPath}`)).toBe(true);
    expect(runtime.body.find((i) => i.cmd === 'ENV')?.args).toContain(`TRIPLINE_CONFIG=${configPath}`);
    expect(runtime.body.find((i) => i.cmd === 'ENV')?.args).toContain('NODE_OPTIONS=--max-semi-space-size=1');
  });

  it('installs tripline-job, the CronJobs\' command, on PATH as an executable', () => {
    const copy = runtime.body.find((i) => i.cmd === 'COPY' && i.args.endsWith(' /usr/local/bin/tripline-job'));
    expect(copy?.args).toBe('--chmod=0755 deploy/docker/tripline-job.sh /usr/local/bin/tripline-job');
    // it runs the CLI the ENTRYPOINT runs
    const script = readFileSync('deploy/docker/tripline-job.sh', 'utf8');
    expect(script).toContain(`cli=\${TRIPLINE_CLI:-${execForm(last('ENTRYPOINT'))[1]}}`);
  });

  it('EXPOSE, HEALTHCHECK and the container config agree: 0.0.0.0:<port>, /healthz is served', () => {
    const { host, port } = listenOf(containerConfig);
    expect(host).toBe('0.0.0.0');
    expect(last('EXPOSE')!.args).toBe(String(port));
    const hc = last('HEALTHCHECK')!.args;
    const url = /http:\/\/127\.0\.0\.1:(\d+)(\/\w+)/.exec(hc)!;
    expect(Number(url[1])).toBe(port);
    expect(url[2]).toBe('/healthz');
    expect(servedPaths()).toContain('/healthz');
    // exec form with node: the slim image has no curl or wget
    expect(hc).toMatch(/CMD \["node", "-e", /);
  });

  it('read-only root filesystem friendly: everything the config writes is under the VOLUME', () => {
    const volume = execForm(last('VOLUME'));
    expect(volume).toEqual(['/var/lib/tripline']);
    const cfg = parseYaml(containerConfig) as { stateDir: string; snapshots: string; canaries: string };
    for (const p of [cfg.stateDir, cfg.snapshots]) expect(p === volume[0] || p.startsWith(`${volume[0]}/`), p).toBe(true);
    // the volume is created owned by the runtime user before USER switches
    expect(dockerfile).toMatch(/chown 10001:10001 \/var\/lib\/tripline/);
    // the config's canaries folder is filled in the image
    expect(runtime.body.some((i) => i.cmd === 'COPY' && i.args.endsWith(` ${cfg.canaries}/`))).toBe(true);
  });

  it('every COPY source exists and is not excluded by .dockerignore; secrets and build output are', () => {
    for (const s of stages) {
      for (const i of s.body.filter((x) => x.cmd === 'COPY' && !x.args.startsWith('--from='))) {
        const parts = i.args.split(' ').filter((p) => !p.startsWith('--'));
        for (const src of parts.slice(0, -1)) {
          const path = src.replace(/\/\*\.yaml$/, '');
          expect(existsSync(path), `COPY source ${src} (line ${i.line})`).toBe(true);
          expect(dockerIgnored(path, ignore), `${src} is sent in the build context`).toBe(false);
        }
      }
    }
    for (const p of ['node_modules', 'dist', '.git', '.tripline', 'tripline.yaml', 'test', 'snapshots', 'src/foo.spec.ts']) {
      expect(dockerIgnored(p, ignore), `${p} is kept out of the build context`).toBe(true);
    }
  });

  it('the container config reads the HTTP server token from the secret file the README mounts', () => {
    const server = (parseYaml(containerConfig) as { server: { authTokenFile?: string } }).server;
    expect(server.authTokenFile).toBe('/run/secrets/server-auth-token');
    for (const doc of ['README.md', 'deploy/README.md']) expect(readFileSync(doc, 'utf8'), doc).toContain('-v ./server-auth-token:/run/secrets/server-auth-token:ro');
  });

  it('the container config is a valid tripline config with valid canaries', async () => {
    const { TriplineConfig } = await import('../../src/config/schema.js');
    const r = TriplineConfig.safeParse(parseYaml(containerConfig));
    expect(r.success, r.error?.message).toBe(true);
    const { readdirSync } = await import('node:fs');
    expectValidCanaries(Object.fromEntries(readdirSync('canaries').filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(`canaries/${f}`, 'utf8')])));
  });
});
