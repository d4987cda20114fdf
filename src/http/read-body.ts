import type { Dispatcher } from 'undici';

/** Default byte limit of a response body when the caller names none (a provider's `maxResponseBytes`). */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

type Body = Dispatcher.ResponseData['body'];

/** A body read under a byte limit: the text, or `tooLarge` once more than the limit arrived. */
export type BoundedRead = { tooLarge: false; text: string; stopped: boolean; firstChunkAt: number | null } | { tooLarge: true };

/** Clock for the arrival of the first chunk (time to first byte; of a stream, its first event). */
type Clock = () => number;

/**
 * Reads a whole body, counting bytes as they arrive; past `maxBytes` the stream is destroyed (the
 * connection closes, nothing more is buffered), so memory stays bounded whatever the server sends.
 * The overall deadline is the request's abort signal, which destroys the stream too.
 */
export async function readBounded(body: Body, maxBytes: number, now: Clock = Date.now): Promise<BoundedRead> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let firstChunkAt: number | null = null;
  for await (const chunk of body) {
    firstChunkAt ??= now();
    const buf = chunk as Buffer;
    bytes += buf.length;
    if (bytes > maxBytes) {
      body.destroy();
      return { tooLarge: true };
    }
    chunks.push(buf);
  }
  return { tooLarge: false, text: Buffer.concat(chunks, bytes).toString('utf8'), stopped: false, firstChunkAt };
}

/**
 * Reads a server-sent-events body until it holds `limit` complete events (each ends with a blank
 * line), then destroys the stream, which closes the connection: the provider stops generating and
 * bills only what it sent. Carriage returns are dropped (SSE allows CRLF line ends). The byte limit
 * holds as for any body: an endless stream of partial events ends there.
 */
export async function readEvents(body: Body, limit: number, maxBytes: number, now: Clock = Date.now): Promise<BoundedRead> {
  const decoder = new TextDecoder(); // streaming decode: a character may straddle two chunks
  let text = '';
  let events = 0;
  let bytes = 0;
  let firstChunkAt: number | null = null;
  for await (const chunk of body) {
    firstChunkAt ??= now();
    const buf = chunk as Uint8Array;
    bytes += buf.byteLength;
    if (bytes > maxBytes) {
      body.destroy();
      return { tooLarge: true };
    }
    const start = text.length;
    text += decoder.decode(buf, { stream: true }).replaceAll('\r', '');
    for (let i = Math.max(1, start); i < text.length; i++) {
      if (text[i] !== '\n' || text[i - 1] !== '\n') continue;
      if (++events < limit) continue;
      body.destroy();
      // Cut exactly after the limit-th event: what else arrived in the same read is not counted.
      return { tooLarge: false, text: text.slice(0, i + 1), stopped: true, firstChunkAt };
    }
  }
  return { tooLarge: false, text: text + decoder.decode(), stopped: false, firstChunkAt };
}
