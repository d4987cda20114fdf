import { setTimeout as delay } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { DEFAULT_BACKOFF, RETRYABLE_STATUSES, backoffMs, retryAfterMs, type BackoffPolicy } from './retry.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readBounded, readEvents } from './read-body.js';
import type { HttpClient, HttpRequest, HttpResult, RawResponse, SendOptions, TransportFailure } from './types.js';

export interface HttpClientOptions {
  /** undici dispatcher (a MockAgent in tests, a ProxyAgent behind a proxy); the global one when absent. */
  dispatcher?: Dispatcher;
  /** Clock in epoch milliseconds, for latency and HTTP-date Retry-After. */
  now?: () => number;
  /** Waits between attempts; rejects or returns early when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  /** Backoff steps and the longest Retry-After honoured. */
  backoff?: Partial<BackoffPolicy>;
}

type Attempt =
  | { kind: 'response'; response: RawResponse }
  | { kind: 'failure'; failure: TransportFailure; message: string; latencyMs: number };

const defaultSleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
  await delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
};

/** Origin and path only: query strings may carry keys (`?key=`) and must not reach messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

function errorCode(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown';
  for (const e of [err, err.cause]) {
    if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  }
  return err.name;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Lowercased names; repeated headers joined with ', ' (RFC 9110 list syntax). */
export function normalizeHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(', ') : value;
    out[key] = out[key] === undefined ? joined : `${out[key]}, ${joined}`;
  }
  return out;
}

/** The one HTTP client: JSON bodies, a timeout per attempt, bounded retries, never throws for outcomes. */
export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...opts.backoff };

  async function attempt(req: HttpRequest, options: SendOptions): Promise<Attempt> {
    const started = now();
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const target = `${req.method} ${safeUrl(req.url)}`;
    try {
      const headers = { accept: 'application/json', ...req.headers };
      const hasBody = req.body !== undefined;
      const res = await request(req.url, {
        method: req.method,
        headers: hasBody ? { 'content-type': 'application/json', ...headers } : headers,
        body: hasBody ? JSON.stringify(req.body) : null,
        signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
      });
      const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const tooLarge = { kind: 'failure', failure: 'body_too_large', message: `response body over ${maxBytes} bytes: ${target}` } as const;
      // A declared length past the limit is refused before a byte of the body is read.
      if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
        res.body.destroy();
        return { ...tooLarge, latencyMs: now() - started };
      }
      const read =
        req.stopAfterEvents !== undefined && res.statusCode < 300
          ? await readEvents(res.body, req.stopAfterEvents, maxBytes, now)
          : await readBounded(res.body, maxBytes, now);
      if (read.tooLarge) return { ...tooLarge, latencyMs: now() - started };
      const response: RawResponse = {
        status: res.statusCode,
        headers: normalizeHeaders(res.headers),
        bodyText: read.text,
        latencyMs: now() - started,
        ...(read.firstChunkAt !== null ? { firstByteMs: read.firstChunkAt - started } : {}),
        ...(read.stopped ? { stoppedEarly: true } : {}),
      };
      return { kind: 'response', response };
    } catch (err) {
      const latencyMs = now() - started;
      if (options.signal?.aborted) return { kind: 'failure', failure: 'aborted', message: `aborted: ${target}`, latencyMs };
      const code = errorCode(err);
      if (timeout.aborted || TIMEOUT_CODES.has(code) || code === 'TimeoutError') {
        return { kind: 'failure', failure: 'timeout', message: `timeout after ${options.timeoutMs} ms: ${target}`, latencyMs };
      }
      return { kind: 'failure', failure: 'connection', message: `connection failed (${code}): ${target}`, latencyMs };
    }
  }

  return {
    async send(req, options) {
      let attempts = 0;
      for (;;) {
        const result = await attempt(req, options);
        attempts += 1;
        const done: HttpResult = { ...result, attempts };
        // Aborted by the caller, or a body too large to read: another attempt would not change it.
        if (result.kind === 'failure' && (result.failure === 'aborted' || result.failure === 'body_too_large')) return done;
        if (attempts > options.maxRetries) return done;
        let wait = backoffMs(attempts - 1, policy, random);
        if (result.kind === 'response') {
          if (!RETRYABLE_STATUSES.has(result.response.status)) return done;
          const asked = retryAfterMs(result.response.headers, now());
          if (asked !== null && asked > policy.maxRetryAfterMs) return done;
          if (asked !== null) wait = asked;
        }
        await sleep(wait, options.signal);
        if (options.signal?.aborted) {
          return { kind: 'failure', failure: 'aborted', message: `aborted: ${req.method} ${safeUrl(req.url)}`, latencyMs: 0, attempts };
        }
      }
    },
  };
}
