import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.js';
import { DASHBOARD_HTML } from './dashboard.js';

export { checkReadiness, type Readiness, type ReadinessCheck, type ReadinessSources } from './readiness.js';

/** What the HTTP server serves; every source is read per request. */
export interface ServerSources {
  /** `server.listen`, HOST:PORT; port 0 picks a free port. */
  listen: string;
  registry: Registry;
  readiness: () => Readiness;
  /** JSON API bodies for the dashboard. */
  api: {
    targets: () => unknown;
    findings: () => unknown;
    alerts: () => unknown;
  };
  /** `POST /-/reload`: reloads the config; resolves true when the new config was accepted. */
  reload?: () => Promise<boolean>;
  logger: Logger;
}

/** The running server. */
export interface DaemonServer {
  /** Bound HOST:PORT (the real port when 0 was asked). */
  readonly address: string;
  close(): Promise<void>;
}

/** Starts the HTTP server: /healthz, /readyz, /metrics, /api/targets, /api/findings, /api/alerts, POST /-/reload. */
export async function startServer(src: ServerSources): Promise<DaemonServer> {
  const [host, portText] = splitListen(src.listen);
  const server = createServer((req, res) => {
    handle(src, req, res).catch((err: unknown) => {
      src.logger.error({ err, path: req.url }, 'http handler failed');
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(portText), host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  src.logger.info({ address }, 'server listening');
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function splitListen(listen: string): [string, string] {
  const i = listen.lastIndexOf(':');
  return [listen.slice(0, i).replace(/^\[|\]$/g, ''), listen.slice(i + 1)];
}

async function handle(src: ServerSources, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const method = req.method ?? 'GET';
  if (method === 'POST' && path === '/-/reload' && src.reload) {
    const ok = await src.reload();
    return sendJson(res, ok ? 200 : 400, { reloaded: ok });
  }
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
  switch (path) {
    case '/':
      return send(res, 200, 'text/html; charset=utf-8', DASHBOARD_HTML);
    case '/healthz':
      return send(res, 200, 'text/plain', 'ok\n');
    case '/readyz': {
      const r = src.readiness();
      return sendJson(res, r.ready ? 200 : 503, r);
    }
    case '/metrics':
      return send(res, 200, src.registry.contentType, await src.registry.metrics());
    case '/api/targets':
      return sendJson(res, 200, src.api.targets());
    case '/api/findings':
      return sendJson(res, 200, src.api.findings());
    case '/api/alerts':
      return sendJson(res, 200, src.api.alerts());
    default:
      return send(res, 404, 'text/plain', 'not found\n');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
