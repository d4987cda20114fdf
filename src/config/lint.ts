import type { ConfigProblem } from '../domain/errors.js';
import { parseTarget } from '../domain/target.js';
import type { Canary } from './canary-schema.js';
import type { TriplineConfig } from './schema.js';
import { problemAt } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/** A canary file that passed its own schema, with the source to locate problems in it. */
export interface ParsedCanary {
  canary: Canary;
  source: YamlSource;
}

/** Provider types that need a key: hosted APIs (openai-compatible servers are often local). */
const NEEDS_KEY = new Set(['openai', 'anthropic', 'gemini', 'azure-openai']);
/** Provider types without a usable default base URL. */
const NEEDS_BASE_URL = new Set(['openai-compatible', 'azure-openai']);

/**
 * Valid but probably not meant: unused providers, a missing key or base URL, canaries whose probes
 * lack what they need. Warnings print on `validate` and fail `validate --strict`.
 */
export function lintConfig(source: YamlSource, config: TriplineConfig): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  const used = new Set(config.targets.map((t) => parseTarget(t)?.provider));
  for (const [name, p] of Object.entries(config.providers)) {
    const at = ['providers', name];
    if (!used.has(name)) warnings.push(problemAt(source, at, `provider "${name}" is not used by any target`, true));
    if (NEEDS_KEY.has(p.type) && !p.apiKey && !hasAuthHeader(p.headers)) {
      warnings.push(problemAt(source, at, `type ${p.type} needs an apiKey`, true));
    }
    if (NEEDS_BASE_URL.has(p.type) && !p.baseUrl) {
      warnings.push(problemAt(source, at, `type ${p.type} needs a baseUrl`, true));
    }
    if (p.type === 'azure-openai' && !p.apiVersion) {
      warnings.push(problemAt(source, at, 'type azure-openai needs an apiVersion', true));
    }
  }
  warnings.push(...listenWarnings(source, config));
  return warnings;
}

/** Off loopback, the dashboard, API and reload endpoint need a token; the server refuses them without one. */
function listenWarnings(source: YamlSource, config: TriplineConfig): ConfigProblem[] {
  const host = config.server.listen.slice(0, config.server.listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  if (loopback || config.server.authToken) return [];
  return [
    problemAt(
      source,
      ['server', 'listen'],
      `listens on ${host}, not loopback, without server.authToken (or authTokenFile): /api/*, the pages and POST /-/reload are refused off loopback until one is set; /healthz, /readyz and /metrics stay open`,
    ),
  ];
}

function hasAuthHeader(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((h) => /^(authorization|x-api-key|api-key|x-goog-api-key)$/i.test(h));
}

/** Canary warnings: probes without their inputs, canaries that run nowhere. */
export function lintCanaries(canaries: readonly ParsedCanary[]): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  for (const { canary, source } of canaries) {
    if (canary.targets?.length === 0) {
      warnings.push(problemAt(source, ['targets'], 'an empty targets list: this canary never runs'));
    }
    if (canary.probes.includes('calibration')) {
      if (!canary.items?.length) {
        warnings.push(problemAt(source, ['probes'], 'the calibration probe needs items with answers'));
      } else if (canary.items.some((item) => item.answer === undefined)) {
        warnings.push(problemAt(source, ['items'], 'calibration items without an answer are not scored'));
      }
    }
    if (canary.probes.includes('reproducibility') && canary.request.params.seed === undefined) {
      warnings.push(problemAt(source, ['probes'], 'the reproducibility probe needs request.params.seed'));
    }
    for (const hint of unservedParams(canary)) warnings.push(problemAt(source, hint.at, hint.message));
  }
  return warnings;
}

/**
 * From this many samples a cycle at temperature > 0 (unset: the provider's default, 1 on most), a
 * canary pays for a spread of answers, which only the statistical probes read.
 */
const MANY_SAMPLES = 5;
const SAMPLE_PROBES = ['behavior', 'length', 'logprobs', 'calibration', 'reproducibility'] as const;

/** Parameters that cost tokens or requests but feed no listed probe, with the probe to add. */
function unservedParams(canary: Canary): { at: (string | number)[]; message: string }[] {
  const { params } = canary.request;
  const has = (...ids: Canary['probes']): boolean => ids.some((id) => canary.probes.includes(id));
  const hints: { at: (string | number)[]; message: string }[] = [];
  if (params.seed !== undefined && !has('reproducibility')) {
    hints.push({ at: ['request', 'params', 'seed'], message: 'seed is set but no listed probe reads it: add reproducibility to probes' });
  }
  if (params.logprobs === true && !has('logprobs', 'calibration')) {
    hints.push({ at: ['request', 'params', 'logprobs'], message: 'logprobs are requested but no listed probe reads them: add logprobs or calibration to probes' });
  }
  if (canary.samples >= MANY_SAMPLES && (params.temperature ?? 1) > 0 && !has(...SAMPLE_PROBES)) {
    hints.push({
      at: ['samples'],
      message: `${canary.samples} samples at temperature ${params.temperature ?? 'default'} but no listed probe compares their spread: add behavior or length to probes`,
    });
  }
  return hints;
}
