import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** The cookie a browser keeps after signing in with the server token on `/login`. */
export const TOKEN_COOKIE = 'tripline_token';

/** True for 127.0.0.0/8, ::1 and localhost: the pages are then readable without a token. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request carries the server token, as `Authorization: Bearer` or the sign-in cookie. */
export function hasToken(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return false;
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) return true;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE && sameSecret(decodeURIComponent(rest.join('=')), token)) return true;
  }
  return false;
}

/**
 * A state-changing request comes from our own pages: the browser says so (`Sec-Fetch-Site`) or
 * its `Origin` names this host. Cross-site forms and scripts are refused even with the cookie.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers.authorization !== undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Why a state-changing API call (`POST /-/reload`) is refused. */
export interface Refusal {
  status: 401 | 403;
  message: string;
}

/**
 * The rule for state-changing API calls. With `server.authToken`: `Authorization: Bearer <token>`.
 * Without one: only when the server listens on loopback, and only from a client that proves it is
 * not a cross-site "simple request" (which any web page can make without a preflight): a JSON
 * content type or an `X-Tripline` header, and no cross-site `Sec-Fetch-Site`.
 */
export function changeRefusal(req: IncomingMessage, token: string | undefined, loopback: boolean): Refusal | null {
  if (token) {
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token)) return null;
    return { status: 401, message: 'send Authorization: Bearer <server.authToken>\n' };
  }
  if (!loopback) return { status: 403, message: 'off loopback this needs server.authToken (or authTokenFile)\n' };
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, message: 'cross-site request refused\n' };
  const json = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
  if (!json && req.headers['x-tripline'] === undefined) {
    return { status: 403, message: 'send Content-Type: application/json or an X-Tripline: 1 header (cross-site protection)\n' };
  }
  return null;
}
