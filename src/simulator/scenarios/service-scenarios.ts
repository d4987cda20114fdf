import type { ServiceKnobs } from '../model/service.js';
import type { ModelKnobs } from '../model/types.js';
import type { Scenario } from './types.js';

const serve = (k: ModelKnobs, change: Partial<ServiceKnobs>): ModelKnobs => ({ ...k, service: { ...k.service, ...change } });

/** Scenarios that change how the provider serves the model: its prompt cache and its latency. */
export const serviceScenarios: Scenario[] = [
  {
    id: 'cache-off',
    description: 'The prompt cache stops serving hits: every repeated prefix is billed and processed in full (a cache warm-up that silently stopped).',
    knobs: (k) => serve(k, { cacheEnabled: false }),
  },
  {
    id: 'cache-half-evicted',
    description: 'Cache pressure: half of the cached prefixes are evicted before their reuse (natural eviction is 5%).',
    knobs: (k) => serve(k, { cacheEvictionRate: 0.5 }),
  },
  {
    id: 'latency-tripled',
    description: 'Every request takes three times as long (reported processing time, and the wait with --latency).',
    knobs: (k) => serve(k, { latencyFactor: k.service.latencyFactor * 3 }),
  },
  {
    id: 'latency-p95-tail',
    description: 'One request in five goes down a path eight times slower: the p95 moves, the median hardly does.',
    knobs: (k) => serve(k, { slowShare: 0.2, slowFactor: 8 }),
  },
];
