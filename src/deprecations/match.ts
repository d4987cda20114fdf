import { parseTarget } from '../domain/target.js';
import type { TriplineConfig } from '../config/schema.js';
import type { ProviderType } from '../config/schema.js';
import { deprecationSources } from './registry.js';
import type { DeprecationRow } from './schema.js';

/** A configured target as the deprecation watch needs it. */
export interface MonitoredTarget {
  /** `provider/model` as written in tripline.yaml (`openai/gpt-4o`). */
  id: string;
  /** The provider entry's name (`openai`, `azure`, `openrouter`). */
  provider: string;
  /** The model part of the target (`gpt-4o`, `anthropic/claude-3-haiku` on a gateway). */
  model: string;
  /** The provider entry's `type:`. */
  providerType: ProviderType;
}

/** Snapshot suffixes: `-2024-08-06`, `-20240307`, `-0613`, `-001`, `@001`, `-v1:0`. */
const SNAPSHOT = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{4}|[-@]\d{3}|-v\d+:\d+)$/;
/** Suffixes that date a snapshot; a plain revision such as `babbage-002` is a model of its own. */
const DATED = /(?:-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{4})$/;

/** Case, a gateway prefix (`openai/`), `models/` and Vertex `publishers/google/models/` do not matter. */
export function normalizeModel(id: string): string {
  const lower = id.trim().toLowerCase();
  return lower.slice(lower.lastIndexOf('/') + 1);
}

/**
 * Whether a page row is about a target's model:
 * - the same id;
 * - the target is an alias (`gpt-4o`) and the row a snapshot of it (`gpt-4o-2024-08-06`): when
 *   responses have reported which snapshot serves the alias, only that one; `-latest` aliases
 *   move by design and match only reported snapshots;
 * - the target is a dated snapshot and the row retires its alias (`gpt-4o` row, `gpt-4o-2024-08-06` target).
 */
export function modelMatches(rowModel: string, targetModel: string, reported: string[] | undefined): boolean {
  const row = normalizeModel(rowModel);
  const target = normalizeModel(targetModel);
  if (row === target) return true;
  const served = (reported ?? []).map(normalizeModel);
  if (served.includes(row)) return true;
  if (SNAPSHOT.test(row) && row.replace(SNAPSHOT, '') === target && !target.endsWith('-latest')) {
    return served.length === 0;
  }
  return DATED.test(target) && target.replace(DATED, '') === row;
}

/**
 * Targets a row governs: the model matches and the target is served by the page's provider
 * (its provider type is one the source covers, its provider name equals the row's provider), or
 * it is an openai-compatible gateway, which can serve any provider's models.
 */
export function targetsForRow(
  row: DeprecationRow,
  providerTypes: readonly ProviderType[],
  targets: MonitoredTarget[],
  reported?: Map<string, string[]>,
): MonitoredTarget[] {
  return targets.filter((t) => {
    const servedBy =
      providerTypes.includes(t.providerType) || t.providerType === 'openai-compatible' || t.provider === row.provider;
    return servedBy && modelMatches(row.modelId, t.model, reported?.get(t.id));
  });
}

const PROVIDER_TYPES = new Map<string, readonly ProviderType[]>(
  Object.entries(deprecationSources).map(([id, source]) => [id, source.providerTypes]),
);

/** Targets a row governs when its source is not at hand: rows carry their source id as provider. */
export function targetsOf(row: DeprecationRow, targets: MonitoredTarget[], reported?: Map<string, string[]>): MonitoredTarget[] {
  return targetsForRow(row, PROVIDER_TYPES.get(row.provider) ?? [], targets, reported);
}

/** Targets of tripline.yaml with their provider's type. */
export function monitoredTargets(config: TriplineConfig): MonitoredTarget[] {
  const out: MonitoredTarget[] = [];
  for (const id of config.targets) {
    const target = parseTarget(id);
    const provider = target ? config.providers[target.provider] : undefined;
    if (target && provider) out.push({ ...target, providerType: provider.type });
  }
  return out;
}

