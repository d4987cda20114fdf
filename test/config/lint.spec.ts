import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { canaryYaml, cleanup, makeProject, MINIMAL_CONFIG } from './project.js';

afterEach(cleanup);

const env = { OPENAI_API_KEY: 'sk-lint-1' };

describe('src/config/lint.ts', () => {
  it.each([
    ['an unused provider', 'providers:\n  spare:\n    type: openai-compatible\n    baseUrl: http://127.0.0.1:1/v1\n', null, 'providers.spare', 'provider "spare" is not used by any target'],
    ['a hosted provider without a key', 'providers:\n  bare:\n    type: anthropic\n', null, 'providers.bare', 'type anthropic needs an apiKey'],
    ['an openai-compatible provider without baseUrl', 'providers:\n  vllm:\n    type: openai-compatible\n', null, 'providers.vllm', 'type openai-compatible needs a baseUrl'],
    ['calibration without items', '', 'probes: [calibration]\n', 'probes', 'the calibration probe needs items with answers'],
    ['reproducibility without a seed', '', 'probes: [reproducibility]\n', 'probes', 'the reproducibility probe needs request.params.seed'],
    ['an empty targets list', '', 'targets: []\n', 'targets', 'an empty targets list: this canary never runs'],
  ])('warns about %s', (_name, providers, canaryExtra, path, message) => {
    const config = providers ? MINIMAL_CONFIG.replace('providers:\n', providers) : MINIMAL_CONFIG;
    const dir = makeProject({ 'tripline.yaml': config, 'canaries/c.yaml': canaryYaml('c', canaryExtra ?? '') });
    const { warnings } = loadConfig(join(dir, 'tripline.yaml'), env);
    expect(warnings).toContainEqual(expect.objectContaining({ path, message }));
  });

  it('does not warn about a tidy config', () => {
    const dir = makeProject({ 'tripline.yaml': MINIMAL_CONFIG, 'canaries/c.yaml': canaryYaml('c') });
    expect(loadConfig(join(dir, 'tripline.yaml'), env).warnings).toEqual([]);
  });
});
