import { BASE_SERVICE } from './service.js';
import type { ModelKnobs } from './types.js';

/** The provider family a catalog model belongs to (listing endpoints show only their own). */
export type ModelFamily = 'openai' | 'anthropic' | 'gemini';

/** One model the simulator lists; any other id is served too, with generic defaults. */
export interface CatalogModel {
  /** Id (alias) callers use. */
  id: string;
  /** Which provider lists it. */
  family: ModelFamily;
  /** Dated id echoed in responses (OpenAI/Anthropic `model`, Gemini `modelVersion`). */
  reported: string;
  /** The dated id reported after the `model-repointed` scenario. */
  repointedTo: string;
  /** Human name (Anthropic `display_name`, Gemini `displayName`). */
  displayName: string;
  /** Release time, ISO 8601. */
  created: string;
  /** Mean open-ended answer length in tokens. */
  meanLength: number;
  /** Reports hidden reasoning tokens. */
  reasoning: boolean;
  /** Context window. */
  inputTokenLimit: number;
  /** Largest output the model allows. */
  outputTokenLimit: number;
}

const m = (c: CatalogModel): CatalogModel => c;

/** Models listed by `/v1/models`, `/v1beta/models`; ids follow the real providers' naming. */
export const catalog: readonly CatalogModel[] = [
  m({ id: 'gpt-4o-mini', family: 'openai', reported: 'gpt-4o-mini-2024-07-18', repointedTo: 'gpt-4o-mini-2026-02-10', displayName: 'GPT-4o mini', created: '2024-07-18T00:00:00Z', meanLength: 90, reasoning: false, inputTokenLimit: 128000, outputTokenLimit: 16384 }),
  m({ id: 'gpt-4o', family: 'openai', reported: 'gpt-4o-2024-08-06', repointedTo: 'gpt-4o-2026-02-10', displayName: 'GPT-4o', created: '2024-08-06T00:00:00Z', meanLength: 110, reasoning: false, inputTokenLimit: 128000, outputTokenLimit: 16384 }),
  m({ id: 'gpt-4.1-mini', family: 'openai', reported: 'gpt-4.1-mini-2025-04-14', repointedTo: 'gpt-4.1-mini-2026-02-10', displayName: 'GPT-4.1 mini', created: '2025-04-14T00:00:00Z', meanLength: 100, reasoning: false, inputTokenLimit: 1047576, outputTokenLimit: 32768 }),
  m({ id: 'o4-mini', family: 'openai', reported: 'o4-mini-2025-04-16', repointedTo: 'o4-mini-2026-02-10', displayName: 'o4-mini', created: '2025-04-16T00:00:00Z', meanLength: 120, reasoning: true, inputTokenLimit: 200000, outputTokenLimit: 100000 }),
  m({ id: 'claude-haiku-4-5', family: 'anthropic', reported: 'claude-haiku-4-5-20251001', repointedTo: 'claude-haiku-4-5-20260210', displayName: 'Claude Haiku 4.5', created: '2025-10-01T00:00:00Z', meanLength: 120, reasoning: false, inputTokenLimit: 200000, outputTokenLimit: 64000 }),
  m({ id: 'claude-sonnet-4-5', family: 'anthropic', reported: 'claude-sonnet-4-5-20250929', repointedTo: 'claude-sonnet-4-5-20260210', displayName: 'Claude Sonnet 4.5', created: '2025-09-29T00:00:00Z', meanLength: 140, reasoning: false, inputTokenLimit: 200000, outputTokenLimit: 64000 }),
  m({ id: 'claude-opus-4-7', family: 'anthropic', reported: 'claude-opus-4-7', repointedTo: 'claude-opus-4-7-20260210', displayName: 'Claude Opus 4.7', created: '2026-04-01T00:00:00Z', meanLength: 160, reasoning: false, inputTokenLimit: 200000, outputTokenLimit: 128000 }),
  m({ id: 'gemini-2.5-flash', family: 'gemini', reported: 'gemini-2.5-flash', repointedTo: 'gemini-2.5-flash-preview-02-2026', displayName: 'Gemini 2.5 Flash', created: '2025-06-17T00:00:00Z', meanLength: 130, reasoning: true, inputTokenLimit: 1048576, outputTokenLimit: 65536 }),
  m({ id: 'gemini-2.5-pro', family: 'gemini', reported: 'gemini-2.5-pro', repointedTo: 'gemini-2.5-pro-preview-02-2026', displayName: 'Gemini 2.5 Pro', created: '2025-06-17T00:00:00Z', meanLength: 150, reasoning: true, inputTokenLimit: 1048576, outputTokenLimit: 65536 }),
  m({ id: 'gemini-2.0-flash', family: 'gemini', reported: 'gemini-2.0-flash-001', repointedTo: 'gemini-2.0-flash-002', displayName: 'Gemini 2.0 Flash', created: '2025-02-05T00:00:00Z', meanLength: 100, reasoning: false, inputTokenLimit: 1048576, outputTokenLimit: 8192 }),
];

/** The catalog entry for an id (alias or dated id), or a generic one derived from the id itself. */
export function lookupModel(id: string): CatalogModel {
  const known = catalog.find((c) => c.id === id || c.reported === id);
  if (known) return known;
  const family: ModelFamily = id.startsWith('claude') ? 'anthropic' : id.startsWith('gemini') ? 'gemini' : 'openai';
  return {
    id,
    family,
    reported: id,
    repointedTo: `${id}-2026-02-10`,
    displayName: id,
    created: '2025-01-01T00:00:00Z',
    meanLength: 100,
    reasoning: /^o\d/.test(id),
    inputTokenLimit: 128000,
    outputTokenLimit: 16384,
  };
}

/** The implicit output cap when a request names none. */
export const DEFAULT_MAX_TOKENS = 512;

/** The knobs of a model with no scenario active. */
export function baseKnobs(modelId: string): ModelKnobs {
  const c = lookupModel(modelId);
  return {
    weightsId: `w:${c.id}`,
    reportedModel: c.reported,
    nonAsciiTokenCost: 1,
    hiddenSystemTokens: 0,
    mcqLogitScale: 1,
    divergenceRate: 0.02,
    seedHonoured: true,
    defaultMaxTokens: DEFAULT_MAX_TOKENS,
    meanLength: c.meanLength,
    defaultTemperature: 1,
    defaultTopP: 1,
    reasoning: c.reasoning,
    service: { ...BASE_SERVICE },
  };
}
