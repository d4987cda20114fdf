import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Readiness } from './readiness.js';
import { changeRefusal, hasToken, isLoopback, isSameOrigin, TOKEN_COOKIE } from './access.js';
import type { Dashboard } from './pages/index.js';
import { loginPage } from './pages/login.js';

export { checkReadiness, type Readiness, type ReadinessCheck, type ReadinessSources } from './readiness.js';

/** What the HTTP server serves; every source is read per request. */
export interface ServerSources {
  /** `server.listen`, HOST:PORT; port 0 picks a free port. */
  listen: string;
  registry: Registry;
  readiness: () => Readiness | Promise<Readiness>;
  /** JSON API bodies for the dashboard. */
  api: {
    targets: () => unknown;
    findings: () => unknown;
    alerts: () => unknown;
  };
  /** The HTML pages (overview, target, pair, finding, deprecations, silences). */
  dashboard?: Dashboard;
  /** `server.authToken`: required for pages and API off loopback, and for creating or expiring silences. */
  authToken?: string | undefined;
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

/** Starts the HTTP server: the dashboard pages, /healthz, /readyz, /metrics, /api/targets, /api/findings, /api/alerts, POST /-/reload. */
export async function startServer(src: ServerSources): Promise<DaemonServer> {
  const [host, portText] = splitListen(src.listen);
  const open = isLoopback(host);
  const server = createServer((req, res) => {
    handle(src, open, req, res).catch((err: unknown) => {
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

/** Paths anyone reaching the port may read: probes and the Prometheus scrape. */
const PUBLIC = new Set(['/healthz', '/readyz', '/metrics', '/login']);

async function handle(src: ServerSources, loopback: boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (method === 'POST' && path === '/-/reload' && src.reload) {
    const refused = changeRefusal(req, src.authToken, loopback);
    if (refused) return send(res, refused.status, 'text/plain', refused.message);
    const ok = await src.reload();
    return sendJson(res, ok ? 200 : 400, { reloaded: ok });
  }
  const authed = hasToken(req, src.authToken);
  if (!PUBLIC.has(path) && !loopback && !authed) {
    return src.authToken
      ? send(res, 401, 'text/plain', 'sign in at /login or send Authorization: Bearer <server.authToken>\n')
      : send(res, 403, 'text/plain', 'the pages and API off loopback need server.authToken (or listen on loopback behind an authenticating proxy)\n');
  }
  if (method === 'POST' && (path === '/login' || path.startsWith('/silences'))) {
    const form = new URLSearchParams(await readForm(req));
    if (path === '/login') return login(src, res, form);
    const result = await src.dashboard?.post(path, form, authed && isSameOrigin(req), 'dashboard');
    if (!result) return send(res, 404, 'text/plain', 'not found\n');
    if ('redirect' in result) return redirect(res, result.redirect);
    return send(res, result.status, 'text/html; charset=utf-8', result.body);
  }
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
  const rendered = await src.dashboard?.get(path, url.searchParams, authed);
  if (rendered) {
    if ('redirect' in rendered) return redirect(res, rendered.redirect);
    return send(res, rendered.status, 'text/html; charset=utf-8', rendered.body, PAGE_HEADERS);
  }
  switch (path) {
    case '/login':
      return send(res, 200, 'text/html; charset=utf-8', loginPage(src.authToken !== undefined), PAGE_HEADERS);
    case '/healthz':
      return send(res, 200, 'text/plain', 'ok\n');
    case '/readyz': {
      const r = await src.readiness();
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

/** Pages load nothing from anywhere else, run no script and cannot be framed. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function redirect(res: ServerResponse, to: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { location: to, 'cache-control': 'no-store', ...headers });
  res.end();
}

/** A small form body (a login, a silence); anything larger is cut off. */
async function readForm(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 16_384) break;
  }
  return body;
}

function login(src: ServerSources, res: ServerResponse, form: URLSearchParams): void {
  const token = form.get('token') ?? '';
  if (!src.authToken || !hasToken({ headers: { authorization: `Bearer ${token}` } } as IncomingMessage, src.authToken)) {
    return send(res, 403, 'text/html; charset=utf-8', loginPage(src.authToken !== undefined, 'Wrong token.'), PAGE_HEADERS);
  }
  redirect(res, '/', { 'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` });
}
