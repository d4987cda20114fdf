import type { Logger } from 'pino';
import type { HttpRequest, HttpResult } from '../../http/types.js';
import { boundText } from '../../providers/shared/bound.js';
import { jsonForms, redactSecrets, redactUrl } from '../../secrets/redact.js';

/** Bytes of each logged body: enough to see what went wrong, never a 8 MiB log line. */
export const LOGGED_BODY_BYTES = 4 * 1024;

/**
 * `logging.bodies`: one info line per provider exchange with the request and response bodies,
 * every configured secret replaced by `<secret>` and each body cut to `LOGGED_BODY_BYTES` (then its
 * length and SHA-256). Headers are not logged: they carry the credentials.
 */
export function logExchange(logger: Logger, request: HttpRequest, result: HttpResult, secrets: readonly string[]): void {
  const forms = jsonForms(secrets);
  const clean = (text: string): string => boundText(redactSecrets(text, forms), LOGGED_BODY_BYTES);
  const response =
    result.kind === 'response'
      ? { status: result.response.status, latencyMs: result.response.latencyMs, body: clean(result.response.bodyText) }
      : { failure: result.failure, message: redactSecrets(result.message, forms) };
  const body = request.body === undefined ? undefined : clean(JSON.stringify(request.body));
  logger.info(
    { request: { method: request.method, url: redactSecrets(redactUrl(request.url), forms), ...(body !== undefined ? { body } : {}) }, response, attempts: result.attempts },
    'provider exchange',
  );
}
