import { lookupModel } from '../model/catalog.js';
import { hashUniform } from '../rng.js';
import type { Scenario } from './types.js';

/** Scenarios that change the model behind the id: tokenizer, weights, defaults, determinism. */
export const modelScenarios: Scenario[] = [
  {
    id: 'tokenizer-change',
    description: 'Non-ASCII characters cost 3 input tokens each instead of 1 (count endpoints included).',
    knobs: (k) => ({ ...k, nonAsciiTokenCost: 3 }),
  },
  {
    id: 'hidden-system-prompt',
    description: 'A hidden system prompt adds N input tokens to every generation (option hiddenSystemTokens, default 23); count endpoints do not see it.',
    knobs: (k, req) => (req.endpoint === 'generate' ? { ...k, hiddenSystemTokens: req.options.hiddenSystemTokens } : k),
  },
  {
    id: 'model-repointed',
    description: 'The alias now resolves to another dated model id with other weights (and another system_fingerprint).',
    knobs: (k, req) => ({ ...k, reportedModel: lookupModel(req.model).repointedTo, weightsId: `${k.weightsId}:repointed` }),
  },
  {
    id: 'tenant-repointed',
    description:
      "One tenant's alias (option tenant, default tenant-b: an x-tenant header, OpenAI-Organization header or API key) is served by a finetune under the same model id and fingerprint; every other tenant keeps the base weights.",
    knobs: (k, req) => (req.tenant === req.options.tenant ? { ...k, weightsId: `${k.weightsId}:finetune` } : k),
  },
  {
    id: 'calibration-rescale',
    description: 'Multiple-choice answer logits are multiplied by 1.25: confidence sharpens, greedy answers unchanged.',
    knobs: (k) => ({ ...k, mcqLogitScale: k.mcqLogitScale * 1.25 }),
  },
  {
    id: 'partial-swap',
    description: 'A fraction of requests (option swapFraction, default 5%), sticky per request hash, is served by other weights under the same reported id.',
    knobs: (k, req) =>
      hashUniform(req.requestHash, 'partial-swap') < req.options.swapFraction ? { ...k, weightsId: `${k.weightsId}:swap` } : k,
  },
  {
    id: 'seed-lost',
    description: 'seed is ignored: seeded sampling no longer reproduces and temperature-0 divergence rises from 2% to 50% (option seedLostDivergence).',
    knobs: (k, req) => ({ ...k, seedHonoured: false, divergenceRate: req.options.seedLostDivergence }),
  },
  {
    id: 'default-max-tokens-raised',
    description: 'The implicit output cap for requests without max tokens rises from 512 to 4096.',
    knobs: (k) => ({ ...k, defaultMaxTokens: 4096 }),
  },
  {
    id: 'verbosity-shift',
    description: 'Mean open-ended output length is multiplied by 1.5.',
    knobs: (k) => ({ ...k, meanLength: k.meanLength * 1.5 }),
  },
];

/** Availability: some requests fail, stall or are rate limited; never drift. */
export const flaky: Scenario = {
  id: 'flaky',
  description: 'A fraction of requests (option flakyRate, default 10%) gets a 500, a stall past the client timeout (option hangMs, default 3000) or a 429 with Retry-After: 1.',
  intercept(req) {
    if (req.rng.next() >= req.options.flakyRate) return null;
    const which = Math.floor(req.rng.next() * 3);
    if (which === 0) return { kind: 'error', status: 500 };
    if (which === 1) return { kind: 'hang', ms: req.options.hangMs };
    return { kind: 'rate-limited', retryAfterSeconds: 1 };
  },
};
