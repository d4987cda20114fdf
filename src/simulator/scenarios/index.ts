import { baseKnobs } from '../model/catalog.js';
import type { ModelKnobs } from '../model/types.js';
import { mulberry32 } from '../rng.js';
import { flaky, modelScenarios } from './model-scenarios.js';
import { defaultScenarioOptions, type RequestInfo, type Scenario, type ScenarioOptions } from './types.js';
import { refusals } from './refusals.js';
import { serviceScenarios } from './service-scenarios.js';
import { wireScenarios } from './wire-scenarios.js';
import { contractScenarios } from './contract-scenarios.js';

const none: Scenario = { id: 'none', description: 'No drift: the provider behaves as at baseline.' };

/** Every scenario, in the order their hooks apply. The one registration point: adding one = one entry. */
export const scenarios: readonly Scenario[] = [none, ...modelScenarios, ...wireScenarios, ...contractScenarios, ...serviceScenarios, refusals, flaky];

/** The ids of all scenarios. */
export const scenarioIds: readonly string[] = scenarios.map((s) => s.id);

/** The scenario with this id, or undefined. */
export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}

/** Active scenarios in registry order (unknown ids are ignored; validate with `scenarioIds`). */
export function activeScenarios(ids: readonly string[]): Scenario[] {
  return scenarios.filter((s) => ids.includes(s.id));
}

/**
 * Pure: the model knobs for `modelId` with the given scenarios active, as a generation request
 * sees them. Benchmarks pass the result to `tokenDistribution` to get exact drifted likelihoods.
 */
export function knobsFor(
  ids: readonly string[],
  modelId: string,
  options: Partial<ScenarioOptions> = {},
  req: Partial<Pick<RequestInfo, 'format' | 'endpoint' | 'requestHash' | 'tenant'>> = {},
): ModelKnobs {
  const info: RequestInfo = {
    format: req.format ?? 'openai',
    endpoint: req.endpoint ?? 'generate',
    model: modelId,
    requestHash: req.requestHash ?? 0,
    tenant: req.tenant ?? '',
    options: { ...defaultScenarioOptions, ...options },
    rng: mulberry32(0),
  };
  return activeScenarios(ids).reduce((k, s) => (s.knobs ? s.knobs(k, info) : k), baseKnobs(modelId));
}
