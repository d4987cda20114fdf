/** A request as pure data, built by adapters and channels, sent by the shared client. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** JSON-serialisable body, sent as application/json. */
  body?: unknown;
  /**
   * A server-sent-events answer: stop reading once the body holds this many `data:` events and close
   * the connection (which ends generation upstream), so a long answer costs at most that many events.
   */
  stopAfterEvents?: number;
}

/** What came back, kept whole so that adapters can judge it. Header names lowercased. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  latencyMs: number;
  /**
   * ms from sending until the first chunk of the body arrived (absent for an empty body). For a
   * streamed answer that is the first event: the time to first token, which the total hides.
   */
  firstByteMs?: number;
  /** The client stopped reading at `stopAfterEvents`: the body is a prefix of the answer. */
  stoppedEarly?: boolean;
}

/** `body_too_large`: more than `maxResponseBytes` arrived (or was declared); the request was cut off. */
export type TransportFailure = 'timeout' | 'connection' | 'aborted' | 'body_too_large';

/** The outcome of sending: a response (any status) or a transport failure. Never throws for these. */
export type HttpResult =
  | { kind: 'response'; response: RawResponse; attempts: number }
  | { kind: 'failure'; failure: TransportFailure; message: string; latencyMs: number; attempts: number };

export interface SendOptions {
  timeoutMs: number;
  /** Retries for 429, 5xx and transport failures; backoff is exponential with jitter, Retry-After honoured. */
  maxRetries: number;
  /**
   * Largest response body read, in bytes, counted while streaming (default 8 MiB); past it the
   * request is aborted and the result is the `body_too_large` failure. `timeoutMs` bounds the
   * whole attempt, body included, so a slow or endless body ends at whichever comes first.
   */
  maxResponseBytes?: number;
  signal?: AbortSignal;
}

/** The one HTTP client every adapter, scraper and channel is given. */
export interface HttpClient {
  send(request: HttpRequest, options: SendOptions): Promise<HttpResult>;
}
