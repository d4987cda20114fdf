import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json, SimResponse, SseFrame } from './scenarios/types.js';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Read a request body as UTF-8 text (bounded). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parse JSON text; `undefined` when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON response with the given status and extra headers. */
export function json(status: number, body: Json, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, body };
}

/** Write a response as JSON (or as server-sent events). Does nothing if the client has gone away. */
export function writeResponse(res: ServerResponse, sim: SimResponse): void {
  if (res.destroyed || res.headersSent) return;
  if (sim.sse) {
    writeSse(res, sim.status, sim.headers, sim.sse, sim.streamRestMs ?? 0);
    return;
  }
  if (sim.events) {
    res.writeHead(sim.status, { ...sim.headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    // A client that closes early (a client-side token cap) ends the stream: stop writing.
    const events = [...sim.events.map((e) => JSON.stringify(e)), '[DONE]'];
    const write = (from: number, to: number): void => {
      for (const event of events.slice(from, to)) if (!res.destroyed) res.write(`data: ${event}\n\n`);
    };
    if (!sim.streamRestMs) {
      write(0, events.length);
      res.end();
      return;
    }
    // The first token comes after the prefill, the rest while generating: time to first token < total.
    write(0, 1);
    setTimeout(() => {
      write(1, events.length);
      res.end();
    }, sim.streamRestMs).unref();
    return;
  }
  const text = JSON.stringify(sim.body);
  const send = (): void => {
    if (res.destroyed) return;
    res.writeHead(sim.status, {
      ...sim.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text).toString(),
    });
    res.end(text);
  };
  if (sim.streamRestMs) setTimeout(send, sim.streamRestMs).unref();
  else send();
}

/** Server-sent events written frame by frame (`event:` line, `data:` line, or a `: comment`). */
function writeSse(res: ServerResponse, status: number, headers: Record<string, string>, frames: readonly SseFrame[], restMs: number): void {
  res.writeHead(status, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const write = (from: number, to: number): void => {
    for (const f of frames.slice(from, to)) {
      if (res.destroyed) break;
      if (f.comment !== undefined) res.write(`: ${f.comment}\n\n`);
      else res.write(`${f.event !== undefined ? `event: ${f.event}\n` : ''}data: ${JSON.stringify(f.data ?? null)}\n\n`);
    }
  };
  if (restMs <= 0) {
    write(0, frames.length);
    res.end();
    return;
  }
  // The first frame after the prefill, the rest while generating: time to first token < total.
  write(0, 1);
  setTimeout(() => {
    write(1, frames.length);
    res.end();
  }, restMs).unref();
}

/** A request header's value (first one when repeated), or undefined. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** UTF-8 bytes of a token, as OpenAI reports them in logprobs. */
export function utf8Bytes(token: string): number[] {
  return Array.from(Buffer.from(token, 'utf8'));
}
