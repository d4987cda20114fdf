/**
 * A hostile OpenAI-compatible provider on loopback, for the hardening tests and `bench/hostile.ts`.
 * The first path segment picks the behaviour: `http://127.0.0.1:PORT/<behaviour>/v1` is a base URL.
 * Everything it sends is generated while streaming, so the server itself stays small.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOSTILE_BEHAVIOURS = {
  /** 200 with a valid completion, for comparison. */
  healthy: 'a well-formed completion',
  /** 200 with a 200 MB body (a completion padded with whitespace). */
  huge: '200 MB body',
  /** 200 with a chunked body that never ends. */
  endless: 'endless chunked body',
  /** 200 with JSON arrays nested 100,000 deep. */
  deep: 'JSON nested 100,000 deep',
  /** 200 with a valid completion carrying a field nested 4,000 deep. */
  'deep-in-completion': 'valid completion with a field nested 4,000 deep',
  /** 200 with a valid completion carrying a field nested 3,000 deep (an 18 KB body). */
  'deep-3000': 'nested 3,000 deep (18 KB body)',
  /** A valid completion carrying a field nested 250 deep under 1,000-character keys (just inside the depth limit). */
  'deep-250': 'nested 250 deep under 1,000-character keys',
  /** A valid completion whose answer is 30 MB of text. */
  'long-answer': '30 MB answer to a 1-token canary',
  /** A valid completion that echoes the bearer key in `system_fingerprint` and the answer. */
  'echo-key': 'echoes the API key in system_fingerprint and the answer',
  /** 302 to another path. */
  redirect: 'HTTP 302',
} as const;
export type HostileBehaviour = keyof typeof HOSTILE_BEHAVIOURS;

export interface HostileProvider {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** The base URL of a provider entry that gets `behaviour`. */
  baseUrl(behaviour: HostileBehaviour): string;
  /** Request paths (with query) as received, oldest first. */
  paths: string[];
  close(): Promise<void>;
}

const MB = 1024 * 1024;

export function completion(content: string, extra: Record<string, unknown> = {}, fingerprint = 'fp_hostile'): string {
  return JSON.stringify({
    id: 'chatcmpl-hostile',
    object: 'chat.completion',
    created: 1_760_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: fingerprint,
    choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 },
    ...extra,
  });
}

/** `[[[...]]]` nested `depth` deep. */
export function nestedArrays(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `{"a":{"a":...1}}` nested `depth` deep with `key` at every level (cost grows with depth² in a shape signature). */
export function nestedObjects(depth: number, key = 'a'): string {
  return `${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Writes `total` bytes of `fill` after `head`, honouring back-pressure; stops when the client goes. */
async function stream(res: ServerResponse, head: string, fill: Buffer, total: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(head);
  let sent = head.length;
  while (sent < total && !res.destroyed) {
    if (!res.write(fill)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done).off('close', done);
          resolve();
        };
        res.on('drain', done).on('close', done);
      });
    }
    sent += fill.length;
  }
  if (!res.destroyed) res.end();
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/** Built on first use and kept: 30 MB is too much to rebuild per request. */
let longAnswer: string | undefined;

async function handle(behaviour: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? 'no-key';
  switch (behaviour as HostileBehaviour) {
    case 'healthy':
      return send(res, 200, completion('ready'));
    case 'huge': {
      // A valid completion start, then 200 MB of spaces inside the answer string.
      const head = completion('').replace('"content":""', '"content":"');
      return stream(res, head, Buffer.alloc(MB, ' '), 200 * MB);
    }
    case 'endless':
      return stream(res, '{"choices":[', Buffer.alloc(64 * 1024, ' '), Number.POSITIVE_INFINITY);
    case 'deep':
      return send(res, 200, nestedArrays(100_000));
    case 'deep-in-completion':
      return send(res, 200, completion('ready').replace(/}$/, `,"extra":${nestedArrays(4_000)}}`));
    case 'deep-3000':
      return send(res, 200, completion('ready').replace(/}$/, `,"x":${nestedObjects(3_000)}}`));
    case 'deep-250':
      return send(res, 200, completion('ready').replace(/}$/, `,"x":${nestedObjects(250, 'k'.repeat(1000))}}`));
    case 'long-answer':
      longAnswer ??= completion('ready '.repeat(5 * MB));
      return send(res, 200, longAnswer);
    case 'echo-key': {
      // Once as is, once with its first character as a JSON \u escape (invisible to a text search).
      const escaped = `\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}`;
      const body = completion(`ready ${key} ESCAPED`, {}, `fp_${key}`).replace('ESCAPED', escaped);
      return send(res, 200, body, { 'x-request-id': `req-${key}`, 'x-ratelimit-limit-requests': key });
    }
    case 'redirect':
      return send(res, 302, '', { location: '/elsewhere' });
    default:
      return send(res, 404, JSON.stringify({ error: { message: `no behaviour ${behaviour}`, code: 'not_found' } }));
  }
}

/** Starts the hostile provider on 127.0.0.1 (a free port). */
export async function startHostileProvider(): Promise<HostileProvider> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      const behaviour = (req.url ?? '').split('/')[1] ?? '';
      handle(behaviour, req, res).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: (behaviour) => `${origin}/${behaviour}/v1`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
