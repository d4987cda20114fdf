import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded Slack Web API call. */
export interface SlackCall {
  method: string;
  /** The Authorization header as received. */
  authorization: string;
  /** Form or JSON body; `blocks` (and other JSON-valued fields) parsed. */
  body: Record<string, unknown>;
  /** The raw body text. */
  raw: string;
}

/** A Slack Web API stand-in on 127.0.0.1: records chat.postMessage / chat.update, can fail or stop. */
export interface SlackStandIn {
  /** `http://127.0.0.1:<port>/api/`, for `apiUrl:`. */
  apiUrl: string;
  calls: SlackCall[];
  /** Answer every call with this HTTP status (null: answer normally). */
  failWith(status: number | null): void;
  /** Post chat.postMessage calls but never answer them (a sender killed mid-send); false: answer again. */
  holdPosts(hold: boolean): void;
  /** Messages as Slack keeps them (what conversations.history and .replies return). */
  posted: { ts: string; thread_ts?: string; metadata?: unknown }[];
  /** Close the listener (connection refused) / listen again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, type: string): Record<string, unknown> {
  if (type.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = k === 'blocks' || k === 'attachments' || k === 'metadata' ? JSON.parse(v) : v;
  }
  return out;
}

export async function startSlackStandIn(): Promise<SlackStandIn> {
  const calls: SlackCall[] = [];
  let failStatus: number | null = null;
  let holding = false;
  const posted: SlackStandIn['posted'] = [];
  let seq = 0;
  let server: Server;
  let port = 0;
  const listen = async (): Promise<void> => {
    server = createServer((req, res) => {
      void (async () => {
        const raw = await readBody(req);
        if (failStatus !== null) {
          res.writeHead(failStatus, { 'content-type': 'application/json' }).end('{"ok":false,"error":"internal_error"}');
          return;
        }
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
        calls.push({ method, authorization: String(req.headers.authorization ?? ''), body, raw });
        if (method === 'conversations.history' || method === 'conversations.replies') {
          const withMetadata = body['include_all_metadata'] === true || body['include_all_metadata'] === 'true';
          const inThread = method === 'conversations.replies' ? (m: (typeof posted)[number]) => m.ts === body['ts'] || m.thread_ts === body['ts'] : (m: (typeof posted)[number]) => m.thread_ts === undefined;
          const messages = posted.filter(inThread).map((m) => (withMetadata ? m : { ts: m.ts }));
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, channel: 'C0TRIPLINE', messages: [...messages].reverse() }));
          return;
        }
        seq++;
        const ts = method === 'chat.update' ? String(body['ts']) : `1700000000.${String(seq).padStart(6, '0')}`;
        if (method === 'chat.postMessage') {
          posted.push({ ts, ...(body['thread_ts'] ? { thread_ts: String(body['thread_ts']) } : {}), ...(body['metadata'] ? { metadata: body['metadata'] } : {}) });
          if (holding) return; // posted, never answered
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, channel: 'C0TRIPLINE', ts }));
      })();
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    failWith: (status) => {
      failStatus = status;
    },
    holdPosts: (hold) => {
      holding = hold;
    },
    posted,
    stop,
    start: listen,
    close: stop,
  };
}
