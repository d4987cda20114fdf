import type { IncomingMessage } from 'node:http';
import type { SimResponse } from '../scenarios/types.js';
import type { SimulatorState } from '../state.js';

/** What a route handler gets for one request. */
export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  /** Raw request body (empty for GET). */
  bodyText: string;
  /** Path parameters captured by the route's pattern, in order. */
  params: string[];
  state: SimulatorState;
}

/** One endpoint of the simulator. */
export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the URL path; capture groups become `params`. */
  pattern: RegExp;
  /** Extra condition on the request (e.g. `anthropic-version` present), checked after the pattern. */
  when?(req: IncomingMessage): boolean;
  handle(ctx: RouteContext): Promise<SimResponse> | SimResponse;
}
