import { z } from 'zod';
import { AlertsConfig } from '../alerts/schema.js';
import { HaConfig, StateConfig } from './state-schema.js';

export const ProviderType = z.enum(['openai', 'openai-compatible', 'anthropic', 'gemini', 'azure-openai']);
export type ProviderType = z.infer<typeof ProviderType>;

export const ProviderConfig = z.strictObject({
  type: ProviderType,
  /** Override for proxies, gateways, local servers and tests. */
  baseUrl: z.url().optional(),
  apiKey: z.string().optional(),
  /**
   * Read the API key from this file instead (systemd `LoadCredential=`, a Kubernetes Secret mount);
   * relative to tripline.yaml, surrounding whitespace trimmed. The loader sets `apiKey` from it.
   */
  apiKeyFile: z.string().min(1).optional(),
  /** Extra request headers (e.g. OpenRouter's HTTP-Referer). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Request timeout in milliseconds. */
  timeout: z.number().int().positive().default(30_000),
  maxConcurrency: z.number().int().positive().default(4),
  /**
   * Largest response body read from this provider, in bytes (default 8 MiB), counted while it
   * streams; past it the request is cut off and the run is `availability.error` (`body_too_large`).
   */
  maxResponseBytes: z.number().int().positive().default(8 * 1024 * 1024),
  /** Retries for 429/5xx/timeouts (bounded, exponential backoff, Retry-After honoured). */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** openai: which API to call. */
  api: z.enum(['chat', 'responses']).default('chat'),
  /** azure-openai: api-version query parameter. */
  apiVersion: z.string().optional(),
  /** azure-openai: model name -> deployment name. */
  deployments: z
    .record(z.string(), z.string().refine((d) => d !== '.' && d !== '..', 'a deployment of "." or ".." cannot be sent in a URL path'))
    .optional(),
  /** Daily budget for this provider: canaries pause with a finding when spent. */
  budget: z
    .strictObject({
      tokensPerDay: z.number().int().positive().optional(),
      costPerDay: z.number().positive().optional(),
      /** Price per million input / output tokens, to estimate cost. */
      inputPricePerMTok: z.number().min(0).default(0),
      outputPricePerMTok: z.number().min(0).default(0),
    })
    .optional(),
  /** Back off when the remaining fraction of a rate limit drops below this. */
  minHeadroom: z.number().min(0).max(1).default(0.2),
});
export type ProviderConfig = z.infer<typeof ProviderConfig>;

// Alert channel, silence and maintenance schemas live with the channels (one source of truth).
export { ChannelConfig, Silence, MaintenanceWindow, AlertsConfig } from '../alerts/schema.js';

export const DeprecationSourceType = z.enum([
  'openai',
  'anthropic',
  'gemini',
  'vertex-ai',
  'azure-openai',
  'aws-bedrock',
  'mistral',
  'cohere',
  'table',
]);

export const DeprecationSourceConfig = z.union([
  DeprecationSourceType,
  z.strictObject({
    type: DeprecationSourceType,
    url: z.url().optional(),
    format: z.enum(['html', 'markdown']).optional(),
    /** `table` source: CSS selectors. */
    selectors: z
      .strictObject({
        table: z.string(),
        model: z.string(),
        date: z.string(),
        replacement: z.string().optional(),
      })
      .optional(),
    /** `table` source: provider name written on its rows. */
    provider: z.string().optional(),
  }),
]);
export type DeprecationSourceConfig = z.infer<typeof DeprecationSourceConfig>;

export const TriplineConfig = z.strictObject({
  providers: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), ProviderConfig),
  targets: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]+\/.+$/, 'a target is provider/model')
        // URL parsers resolve a `.` or `..` path segment even percent-encoded: such a model id cannot be sent.
        .refine((t) => !/^[^/]+\/(\.|\.\.)$/.test(t), 'a model id of "." or ".." cannot be sent in a URL path'),
    )
    .min(1),
  canaries: z.string().default('./canaries'),
  snapshots: z.string().default('./snapshots'),
  stateDir: z.string().default('./.tripline'),
  /** The state database: SQLite in stateDir (default) or PostgreSQL (shared by HA replicas). */
  state: StateConfig,
  /** Leader election between replicas sharing a PostgreSQL state. */
  ha: HaConfig,
  schedule: z.string().default('*/30 * * * *'),
  timezone: z.string().optional(),
  evaluation: z
    .strictObject({
      /** Consecutive cycles a deterministic change must persist before it is reported. */
      confirmCycles: z.number().int().min(1).max(10).default(2),
      /** Per-cycle false-alarm rate of the statistical tests. */
      alpha: z.number().positive().max(0.1).default(0.001),
      /** Cycles whose samples are added to a new baseline pool while they show no change (warm-up). */
      warmupCycles: z.number().int().min(1).max(100).default(10),
    })
    .default({ confirmCycles: 2, alpha: 0.001, warmupCycles: 10 }),
  deprecations: z
    .strictObject({
      schedule: z.string().default('0 */6 * * *'),
      sources: z.array(DeprecationSourceConfig).default([]),
      reminderDays: z.array(z.number().int().positive()).default([90, 30, 14, 7, 1]),
    })
    .optional(),
  alerts: AlertsConfig.optional(),
  server: z
    .strictObject({
      /** HOST:PORT; an IPv6 host in brackets (`[::1]:9464`). */
      listen: z
        .string()
        .regex(/^([^:[\]]+|\[[0-9A-Fa-f:.]+\]):\d+$/, 'HOST:PORT, an IPv6 host in brackets ([::1]:9464)')
        .default('127.0.0.1:9464'),
      /** Where people reach the dashboard (behind a proxy: the proxy's URL); alerts link to its finding pages. */
      externalUrl: z.url({ protocol: /^https?$/ }).optional(),
      /** Bearer token for the dashboard and API when `listen` is not loopback, and for creating or expiring silences. */
      authToken: z.string().min(16, 'at least 16 characters').optional(),
      /** A file holding `authToken` (a Kubernetes Secret mount, systemd `LoadCredential=`); not both. */
      authTokenFile: z.string().min(1).optional(),
      history: z
        .strictObject({
          /** Days of probe measurements and events kept for the dashboard. */
          days: z.number().int().min(1).max(3650).default(90),
        })
        .default({ days: 90 }),
    })
    .default({ listen: '127.0.0.1:9464', history: { days: 90 } }),
  logging: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      /**
       * Log every provider request and response body (one `provider exchange` info line each,
       * configured secrets replaced by `<secret>`, each body cut to 4 KiB). Off by default: privacy.
       */
      bodies: z.boolean().default(false),
    })
    .default({ level: 'info', bodies: false }),
});
export type TriplineConfig = z.infer<typeof TriplineConfig>;
