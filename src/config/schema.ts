import { z } from 'zod';
import { AlertsConfig, Duration } from '../alerts/schema.js';
import { DEPRECATION_SOURCE_TYPES, PROVIDER_TYPES } from './plugin-ids.js';
import { HaConfig, StateConfig } from './state-schema.js';

/** A provider's wire format: a key of src/providers/registry.ts, carried here by plugin-ids.ts. */
export const ProviderType = z.enum(PROVIDER_TYPES);
export type ProviderType = z.infer<typeof ProviderType>;

/** `a, b or c`, for a description that lists every id. */
const oneOf = (ids: readonly string[]): string => `${ids.slice(0, -1).join(', ')} or ${ids.at(-1) ?? ''}`;

export const ProviderConfig = z.strictObject({
  type: ProviderType.describe(`Wire format of the provider: ${oneOf(PROVIDER_TYPES)}.`),
  /** Override for proxies, gateways, local servers and tests. */
  baseUrl: z.url().optional().describe("API base URL; overrides the provider's public API (proxies, gateways, local servers, tests)."),
  apiKey: z.string().optional().describe('API key; usually ${ENV_VAR}. Or apiKeyFile.'),
  /**
   * Read the API key from this file instead (systemd `LoadCredential=`, a Kubernetes Secret mount);
   * relative to tripline.yaml, surrounding whitespace trimmed. The loader sets `apiKey` from it.
   */
  apiKeyFile: z.string().min(1).optional().describe('Read apiKey from this file instead (systemd LoadCredential=, a Kubernetes Secret mount); relative to tripline.yaml, whitespace trimmed.'),
  /** Extra request headers (e.g. OpenRouter's HTTP-Referer). */
  headers: z.record(z.string(), z.string()).default({}).describe("Extra request headers (e.g. OpenRouter's HTTP-Referer); credential headers are redacted."),
  /** Request timeout in milliseconds. */
  timeout: z.number().int().positive().default(30_000).describe('Milliseconds per request attempt.'),
  maxConcurrency: z.number().int().positive().default(4).describe('Requests in flight to this provider at once.'),
  /**
   * Largest response body read from this provider, in bytes (default 8 MiB), counted while it
   * streams; past it the request is cut off and the run is `availability.error` (`body_too_large`).
   */
  maxResponseBytes: z.number().int().positive().default(8 * 1024 * 1024).describe('Largest response body read, in bytes; past it the run is availability.error body_too_large.'),
  /** Retries for 429/5xx/timeouts (bounded, exponential backoff, Retry-After honoured). */
  maxRetries: z.number().int().min(0).max(10).default(2).describe('Retries of 429/5xx/timeouts with exponential backoff, Retry-After honoured.'),
  /** openai: which API to call. */
  api: z.enum(['chat', 'responses']).default('chat').describe('openai: which API to call, Chat Completions or Responses.'),
  /** azure-openai: api-version query parameter. */
  apiVersion: z.string().optional().describe('azure-openai: the api-version query parameter.'),
  /** azure-openai: model name -> deployment name. */
  deployments: z
    .record(z.string(), z.string().refine((d) => d !== '.' && d !== '..', 'a deployment of "." or ".." cannot be sent in a URL path'))
    .optional()
    .describe('azure-openai: model name -> deployment name.'),
  /** Daily budget for this provider: canaries pause with a finding when spent. */
  budget: z
    .strictObject({
      tokensPerDay: z.number().int().positive().optional().describe('Tokens per UTC day; canaries pause with a budget.exhausted finding when spent.'),
      costPerDay: z.number().positive().optional().describe('Estimated cost per UTC day, in the units of the prices below.'),
      /** Price per million input / output tokens, to estimate cost. */
      inputPricePerMTok: z.number().min(0).default(0).describe('Price per million input tokens, to estimate cost.'),
      outputPricePerMTok: z.number().min(0).default(0).describe('Price per million output tokens, to estimate cost.'),
    })
    .optional()
    .describe('Daily budget of this provider: canaries pause with a finding when it is spent.'),
  /** Back off when the remaining fraction of a rate limit drops below this. */
  minHeadroom: z.number().min(0).max(1).default(0.2).describe('Back off when the remaining fraction of a rate limit drops below this, 0..1.'),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

// Alert channel, silence and maintenance schemas live with the channels (one source of truth).
export { ChannelConfig, Silence, MaintenanceWindow, AlertsConfig } from '../alerts/schema.js';

/** A deprecation source: a key of src/deprecations/registry.ts, carried here by plugin-ids.ts. */
export const DeprecationSourceType = z.enum(DEPRECATION_SOURCE_TYPES);

export const DeprecationSourceConfig = z.union([
  DeprecationSourceType,
  z.strictObject({
    type: DeprecationSourceType.describe('Source type: a provider id (openai, anthropic, gemini, ...) or table for any HTML table.'),
    url: z.url().optional().describe("Page to scrape; overrides the source's public page (mirrors, tests)."),
    format: z.enum(['html', 'markdown']).optional().describe('How the page is parsed: html or markdown.'),
    /** `table` source: CSS selectors. */
    selectors: z
      .strictObject({
        table: z.string().describe('CSS selector of the table.'),
        model: z.string().describe('CSS selector of the model id cell in a row.'),
        date: z.string().describe('CSS selector of the shutdown date cell in a row.'),
        replacement: z.string().optional().describe('CSS selector of the replacement model cell in a row.'),
      })
      .optional()
      .describe('table source: CSS selectors of the table and its cells.'),
    /** `table` source: provider name written on its rows. */
    provider: z.string().optional().describe('table source: provider name written on its rows.'),
  }),
]);
export type DeprecationSourceConfig = z.infer<typeof DeprecationSourceConfig>;

/** A target id, `provider/model`. */
const TargetId = z
  .string()
  .regex(/^[A-Za-z0-9_-]+\/.+$/, 'a target is provider/model')
  // URL parsers resolve a `.` or `..` path segment even percent-encoded: such a model id cannot be sent.
  .refine((t) => !/^[^/]+\/(\.|\.\.)$/.test(t), 'a model id of "." or ".." cannot be sent in a URL path');

/**
 * Groups of targets that must be the same model under different keys, organisations or regions
 * (tenants), by group name. Every cycle the members that ran the same canary are compared with each
 * other (`identity.tenant_divergence`). Members are checked against `targets` in cross-checks.ts.
 */
export const SameAsGroups = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a group name is letters, digits, _ . -'), z.array(TargetId).min(2, 'a sameAs group needs at least two targets'))
  .default({})
  .describe('Groups of targets that must be the same model under different keys, organisations or regions, by group name; compared with each other every cycle (identity.tenant_divergence).');

export const TriplineConfig = z.strictObject({
  providers: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), ProviderConfig).describe('Providers by name; a target is <name>/<model>.'),
  targets: z.array(TargetId).min(1).describe('provider/model pairs to watch, e.g. openai/gpt-4o-mini.'),
  sameAs: SameAsGroups,
  canaries: z.string().default('./canaries').describe('Folder of canary files (*.yaml), relative to tripline.yaml.'),
  snapshots: z.string().default('./snapshots').describe('Folder of reviewed baselines, relative to tripline.yaml; commit it.'),
  stateDir: z.string().default('./.tripline').describe('Folder of the state (SQLite: runs, open alerts, outbox), relative to tripline.yaml.'),
  /** The state database: SQLite in stateDir (default) or PostgreSQL (shared by HA replicas). */
  state: StateConfig.describe('Where the state lives: {type: sqlite} in stateDir (default), or {type: postgres, url | urlFile} shared by HA replicas.'),
  /** Leader election between replicas sharing a PostgreSQL state. */
  ha: HaConfig.describe('Leader election between replicas sharing a PostgreSQL state.'),
  schedule: z.string().default('*/30 * * * *').describe('Default cron of the canaries (5 fields, or 6 with leading seconds).'),
  timezone: z.string().optional().describe('IANA time zone of the schedules; UTC when absent.'),
  evaluation: z
    .strictObject({
      /** Consecutive cycles a deterministic change must persist before it is reported. */
      /**
       * Consecutive sightings a change needs before it is reported: the cycle that first sees it and
       * its confirmation runs (confirmAfter), or consecutive scheduled cycles when confirmAfter is off.
       */
      confirmCycles: z
        .number()
        .int()
        .min(1)
        .max(10)
        .default(2)
        .describe('Consecutive sightings a change needs before it is reported: the cycle that sees it plus its confirmation runs (or consecutive scheduled cycles when confirmAfter is off).'),
      /**
       * How long after a suspicious cycle the canary is re-run with fresh requests to confirm it, in
       * the same cycle (jittered up to +20%). `off` (or `0s`) confirms over scheduled cycles instead.
       */
      confirmAfter: Duration.or(z.literal('off'))
        .default('60s')
        .describe('Wait before a suspicious canary is re-run with fresh requests to confirm it in the same cycle (e.g. 60s, 2m; jittered up to +20%); off confirms over consecutive scheduled cycles instead.'),
      /** Per-cycle false-alarm rate of the statistical tests. */
      alpha: z.number().positive().max(0.1).default(0.001).describe('Per-cycle false-alarm rate of the statistical tests.'),
      /** Cycles whose samples are added to a new baseline pool while they show no change (warm-up). */
      warmupCycles: z.number().int().min(1).max(100).default(10).describe('Cycles whose samples grow a new baseline pool while they show no change.'),
      /** How far a latency median or p95 must move (either way for the median) before latency.shift; 2 when absent. */
      latencyFactor: z.number().min(1.1).max(100).optional().describe('Factor a latency median or p95 must move by before latency.shift is reported; 2 when absent.'),
    })
    .default({ confirmCycles: 2, confirmAfter: '60s', alpha: 0.001, warmupCycles: 10 })
    .describe('How changes are confirmed: persistence of deterministic changes, false-alarm rate, warm-up.'),
  deprecations: z
    .strictObject({
      schedule: z.string().default('0 */6 * * *').describe('Cron of the deprecation page scrapes.'),
      sources: z.array(DeprecationSourceConfig).default([]).describe('Deprecation sources: a type id, or {type, url, format, selectors, provider}.'),
      reminderDays: z.array(z.number().int().positive()).default([90, 30, 14, 7, 1]).describe('Days before a shutdown on which a reminder is sent.'),
    })
    .optional()
    .describe('The deprecation watch: lifecycle pages scraped, and reminders before shutdowns.'),
  alerts: AlertsConfig.optional().describe('Alert channels, silences, maintenance windows and lifecycle settings.'),
  server: z
    .strictObject({
      /** HOST:PORT; an IPv6 host in brackets (`[::1]:9464`). */
      listen: z
        .string()
        .regex(/^([^:[\]]+|\[[0-9A-Fa-f:.]+\]):\d+$/, 'HOST:PORT, an IPv6 host in brackets ([::1]:9464)')
        .default('127.0.0.1:9464')
        .describe('HOST:PORT of /healthz, /readyz, /metrics, the dashboard and /api; an IPv6 host in brackets.'),
      /** Where people reach the dashboard (behind a proxy: the proxy's URL); alerts link to its finding pages. */
      externalUrl: z.url({ protocol: /^https?$/ }).optional().describe('Where people reach the dashboard (behind a proxy: its URL); alerts link to finding pages there.'),
      /** Bearer token for the dashboard and API when `listen` is not loopback, and for creating or expiring silences. */
      authToken: z.string().min(16, 'at least 16 characters').optional().describe('Bearer token for the dashboard and API off loopback, and for silence forms; at least 16 characters.'),
      /** A file holding `authToken` (a Kubernetes Secret mount, systemd `LoadCredential=`); not both. */
      authTokenFile: z.string().min(1).optional().describe('Read authToken from this file instead (a Kubernetes Secret mount, systemd LoadCredential=).'),
      history: z
        .strictObject({
          /** Days of probe measurements and events kept for the dashboard. */
          days: z.number().int().min(1).max(3650).default(90).describe('Days of probe measurements and events kept for the dashboard.'),
        })
        .default({ days: 90 })
        .describe('Retention of the dashboard history.'),
    })
    .default({ listen: '127.0.0.1:9464', history: { days: 90 } })
    .describe('The HTTP server: health, metrics, dashboard and API.'),
  logging: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info').describe('Minimum level of the JSON log lines.'),
      /**
       * Log every provider request and response body (one `provider exchange` info line each,
       * configured secrets replaced by `<secret>`, each body cut to 4 KiB). Off by default: privacy.
       */
      bodies: z.boolean().default(false).describe('Log provider request and response bodies (secrets redacted, 4 KiB each). Off by default: privacy.'),
    })
    .default({ level: 'info', bodies: false })
    .describe('pino JSON logs on stdout.'),
});
export type TriplineConfig = z.infer<typeof TriplineConfig>;
