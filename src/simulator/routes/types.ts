import type { IncomingMessage } from 'node:http';
import type { SimResponse } from '../scenarios/types.js';
import type { SimulatorState } from '../state.js';

/** What a route handler gets for one request. */
export interface RouteContext {
  /** The incoming request (headers, method). */
  req: IncomingMessage;
  /** The parsed request URL (query parameters). */
  url: URL;
  /** Raw request body (empty for GET). */
  bodyText: string;
  /** Path parameters captured by the route's pattern, in order. */
  params: string[];
  /** The simulator's shared state. */
  state: SimulatorState;
}

/** One endpoint of the simulator. */
export interface Route {
  /** HTTP method served. */
  method: 'GET' | 'POST';
  /** Matched against the URL path; capture groups become `params`. */
  pattern: RegExp;
  /** Extra condition on the request (e.g. `anthropic-version` present), checked after the pattern. */
  when?(req: IncomingMessage): boolean;
  /** Answer the request. */
  handle(ctx: RouteContext): Promise<SimResponse> | SimResponse;
}
