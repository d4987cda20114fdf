import type { z } from 'zod';
import { enumValues, shapeSignature } from '../../domain/shape.js';
import type { Failure, FailureClass, Observation } from '../../domain/observation.js';
import type { HttpResult, RawResponse } from '../../http/types.js';
import { retryAfterMs } from '../../http/retry.js';
import type { BuiltRequest, SampleContext } from '../types.js';
import { MAX_JSON_DEPTH, readBody } from './body.js';
import { boundCache, boundExtracted, boundText } from './bound.js';
import { accountFacts, echoedSettings } from './echo.js';
import { headerFacts } from './headers.js';
import { timingOf } from './timing.js';
import type { ErrorInfo, WireSpec } from './wire.js';

const AUTH_CODES = new Set([
  'invalid_api_key',
  'authentication_error',
  'permission_error',
  'API_KEY_INVALID',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
]);
const NOT_FOUND_CODES = new Set(['model_not_found', 'NOT_FOUND', 'not_found_error', 'DeploymentNotFound']);
const KEY_LIKE = /\b(sk-[A-Za-z0-9_*-]{6,}|AIza[A-Za-z0-9_-]{10,})/g;

/** Schema issues kept per observation: a body broken in a million places is reported by its first ones. */
const MAX_ISSUES = 50;

/** zod issues as "path: message" lines, paths in signature syntax (`$.choices[0].message`). */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return boundText(`$${path}: ${issue.message}`, 512);
  });
}

function redact(text: string, ctx: SampleContext): string {
  const key = ctx.provider.apiKey;
  let out = text.replace(KEY_LIKE, '[redacted]');
  if (key && key.length >= 4) out = out.split(key).join('[redacted]');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

function classify(status: number, info: ErrorInfo | null): FailureClass {
  const code = info?.code ?? '';
  if (status === 401 || status === 403 || AUTH_CODES.has(code)) return 'auth';
  if (status === 404 || NOT_FOUND_CODES.has(code)) return 'model_not_found';
  if (status >= 500) return 'http_5xx';
  // The client does not follow redirects: a 3xx is its own answer, not a client error.
  return status < 400 ? 'http_3xx' : 'http_4xx';
}

function statusFailure(res: RawResponse, spec: WireSpec, ctx: SampleContext, json: unknown, startedAt: Date): Failure {
  const info = json === undefined ? null : spec.errorOf(json);
  const detail = info ? [info.code, info.message].filter((s) => s).join(': ') : '';
  const cls = res.status === 429 ? 'rate_limited' : classify(res.status, info);
  // Auth messages echo key fragments ("Incorrect API key provided: sk-ab***"): never repeat them.
  const shown = cls === 'auth' ? (info?.code ?? '') : redact(detail, ctx);
  const failure: Failure = { class: cls, message: `HTTP ${res.status}${shown ? ` ${shown}` : ''}` };
  if (cls === 'rate_limited') {
    // Pure: an HTTP-date Retry-After is read against the response's own Date header.
    const nowMs = Date.parse(res.headers['date'] ?? '') || startedAt.getTime() + res.latencyMs;
    const ms = retryAfterMs(res.headers, nowMs);
    const seconds = ms !== null ? ms / 1000 : info?.retryAfterSeconds;
    if (seconds !== undefined) failure.retryAfterSeconds = seconds;
  }
  return failure;
}

/** The fields every observation of this request carries, success or failure. */
function baseOf(result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date) {
  const res = result.kind === 'response' ? result.response : null;
  return {
    target: ctx.target.id,
    canary: ctx.canary.id,
    ...(ctx.item ? { item: ctx.item.id } : {}),
    sample: ctx.sample,
    timestamp: startedAt.toISOString(),
    latencyMs: res ? res.latencyMs : result.kind === 'failure' ? result.latencyMs : 0,
    status: res ? res.status : null,
    ...headerFacts(res ? res.headers : {}, startedAt.getTime() + (res?.latencyMs ?? 0)),
    unsupported: [...built.unsupported],
  };
}

/** A failed observation of this request, for failures an adapter finds before `observe` (a too-deep event). */
export function failedObservation(result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date, failure: Failure): Observation {
  return { ...baseOf(result, ctx, built, startedAt), ok: false, failure };
}

/** The shared parseResponse: failures and schema drift are values, never throws. */
export function observe(
  spec: WireSpec,
  result: HttpResult,
  ctx: SampleContext,
  built: BuiltRequest,
  startedAt: Date,
): Observation {
  const base = baseOf(result, ctx, built, startedAt);
  if (result.kind === 'failure') {
    const cls: FailureClass = result.failure === 'timeout' || result.failure === 'body_too_large' ? result.failure : 'connection';
    return { ...base, ok: false, failure: { class: cls, message: result.message } };
  }
  const response = result.response;
  const body = readBody(response.bodyText);
  const json = body.kind === 'json' ? body.json : undefined;
  const ok2xx = response.status >= 200 && response.status < 300;
  if (response.status === 429 && json !== undefined && !spec.errorOf(json) && spec.schema.safeParse(json).success) {
    const failure: Failure = { class: 'status_body_mismatch', message: 'HTTP 429 with a success body' };
    return { ...base, ok: false, failure };
  }
  if (!ok2xx) return { ...base, ok: false, failure: statusFailure(response, spec, ctx, json, startedAt) };
  if (body.kind === 'too_deep') {
    const failure: Failure = { class: 'too_deep', message: `HTTP ${response.status} with JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
    return { ...base, ok: false, failure };
  }
  if (body.kind !== 'json') {
    const cls: FailureClass = body.kind === 'truncated' ? 'truncated' : 'non_json';
    const what = body.kind === 'empty' ? 'an empty body' : body.kind === 'truncated' ? 'cut-off JSON' : 'a non-JSON body';
    return { ...base, ok: false, failure: { class: cls, message: `HTTP ${response.status} with ${what}` } };
  }
  const error = spec.errorOf(json);
  if (error) {
    const detail = redact([error.code, error.message].filter((s) => s).join(': '), ctx);
    const failure: Failure = { class: 'status_body_mismatch', message: `HTTP ${response.status} with an error body: ${detail}` };
    return { ...base, ok: false, failure };
  }
  const parsed = spec.schema.safeParse(json);
  const echoed = echoedSettings(json, spec.echoPaths ?? []);
  const account = accountFacts(response.headers, json, spec.accountPaths ?? []);
  return {
    ...base,
    ok: true,
    shape: shapeSignature(json),
    enums: enumValues(json, spec.enumPaths),
    schemaIssues: parsed.success ? [] : formatIssues(parsed.error),
    ...boundExtracted(spec.extract(json, ctx)),
    ...(Object.keys(echoed).length > 0 ? { echoed } : {}),
    ...(Object.keys(account).length > 0 ? { account } : {}),
    ...(spec.cache ? { cache: boundCache(spec.cache(json)) } : {}),
    timing: timingOf(response),
  };
}
