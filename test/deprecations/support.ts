import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitoredTargets } from '../../src/commands/deprecations.js';
import { TriplineConfig } from '../../src/config/schema.js';
import { detectFormat, loadPage } from '../../src/deprecations/page.js';
import { deprecationSources } from '../../src/deprecations/registry.js';
import type { DeprecationRow } from '../../src/deprecations/schema.js';
import type { DeprecationSourceId, ParseResult, SourceSettings } from '../../src/deprecations/types.js';
import { runDeprecationWatch, type WatchResult } from '../../src/deprecations/watch.js';
import { createHttpClient } from '../../src/http/client.js';
import { openStateStore, type StateStore } from '../../src/runtime/state/store.js';

/** test/fixtures/deprecations: byte-for-byte copies of real pages (README.md there) plus edited variants (VARIANTS.md). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/deprecations/', import.meta.url));

export function fixture(file: string): string {
  return readFileSync(`${FIXTURES}${file}`, 'utf8');
}

/** Parses a fixture file with a source, format from its extension. */
export function parseFixture(type: DeprecationSourceId, file: string, extra: Partial<SourceSettings> = {}): ParseResult {
  const url = `http://127.0.0.1/${file}`;
  const page = loadPage(fixture(file), detectFormat(url, undefined), url);
  return deprecationSources[type].parse(page, { type, url, ...extra });
}

/** The rows of a fixture; fails the test when the page does not parse. */
export function rowsOf(type: DeprecationSourceId, file: string, extra: Partial<SourceSettings> = {}): DeprecationRow[] {
  const result = parseFixture(type, file, extra);
  if (!result.ok) throw new Error(`${file} did not parse: ${result.reason}`);
  return result.rows;
}

/** The single row of a model (optionally within sections matching `section`). */
export function rowOf(rows: DeprecationRow[], modelId: string, section?: RegExp): DeprecationRow {
  const found = rows.filter((r) => r.modelId === modelId && (!section || section.test(r.section)));
  if (found.length !== 1) throw new Error(`expected one row for ${modelId}, found ${found.length}`);
  return found[0] as DeprecationRow;
}

/** What a served page answers: a fixture body (with a content type) or an HTTP status. */
export type Served = { file: string; contentType?: string } | { status: number };

/** A loopback server whose pages a test swaps between runs (page versions, outages). */
export interface PageServer {
  url(path: string): string;
  set(path: string, served: Served): void;
  /** Requests received per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, Served>();
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const served = pages.get(path);
    if (!served) return void res.writeHead(404).end('not found');
    if ('status' in served) return void res.writeHead(served.status).end('unavailable');
    res.writeHead(200, { 'content-type': served.contentType ?? 'text/html; charset=utf-8' }).end(fixture(served.file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, served) => void pages.set(path, served),
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


/** A watch bound to a state directory, a page server and a config; `run` is one watch cycle. */
export interface WatchRig {
  stateDir: string;
  store: StateStore;
  run(now: string, opts?: { allModels?: boolean; reported?: Map<string, string[]> }): Promise<WatchResult>;
  /** Closes and reopens the state database, as a daemon restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function watchRig(input: { sources: unknown[]; targets: string[]; reminderDays?: number[] }): Promise<WatchRig> {
  const config = TriplineConfig.parse({
    providers: {
      openai: { type: 'openai' },
      anthropic: { type: 'anthropic' },
      gemini: { type: 'gemini' },
      azure: { type: 'azure-openai' },
      mistral: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' },
    },
    targets: input.targets.length > 0 ? input.targets : ['openai/unused-model'],
    deprecations: { sources: input.sources, ...(input.reminderDays ? { reminderDays: input.reminderDays } : {}) },
  });
  const targets = input.targets.length > 0 ? monitoredTargets(config) : [];
  const stateDir = mkdtempSync(join(tmpdir(), 'tripline-deprecations-'));
  const http = createHttpClient({ sleep: () => Promise.resolve() });
  const rig: WatchRig = {
    stateDir,
    store: await openStateStore(stateDir),
    run: (now, opts = {}) =>
      runDeprecationWatch({
        config,
        http,
        db: rig.store.db,
        now: new Date(now),
        targets,
        allModels: opts.allModels ?? false,
        ...(opts.reported ? { reportedModels: opts.reported } : {}),
      }),
    async restart() {
      await rig.store.close();
      rig.store = await openStateStore(stateDir);
    },
    close: () => rig.store.close(),
  };
  return rig;
}
