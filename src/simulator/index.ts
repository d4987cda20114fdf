/** The built-in simulator: imported only by the demo command, the benchmarks and the tests. */
export { startSimulator, type Simulator, type SimulatorOptions } from './server.js';
export { tokenDistribution, positionLogits, mcqAnswerKey, samplingProbs, logSoftmax } from './model/distribution.js';
export { generate, generatedLength, LOGPROB_JITTER } from './model/generate.js';
export { baseKnobs, catalog, lookupModel, DEFAULT_MAX_TOKENS } from './model/catalog.js';
export { countTokens, countInputTokens } from './model/tokenizer.js';
export { classifyPrompt, promptKey } from './model/prompt-kind.js';
export { scenarios, scenarioIds, findScenario, knobsFor } from './scenarios/index.js';
export { defaultScenarioOptions, type Scenario, type ScenarioOptions } from './scenarios/types.js';
export type { ModelKnobs, ModelRequest, Generation, TokenProbability } from './model/types.js';
export { mulberry32, hash32, type Rng } from './rng.js';
