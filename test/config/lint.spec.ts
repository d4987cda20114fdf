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
    ['a seed no listed probe reads', '', '  params: { seed: 7 }\n', 'request.params.seed', 'seed is set but no listed probe reads it: add reproducibility to probes'],
    [
      'logprobs no listed probe reads',
      '',
      '  params: { logprobs: true }\nprobes: [shape, tokens]\n',
      'request.params.logprobs',
      'logprobs are requested but no listed probe reads them: add logprobs or calibration to probes',
    ],
    [
      'many samples at temperature > 0 with no statistical probe',
      '',
      '  params: { temperature: 0.7 }\nsamples: 8\n',
      'samples',
      '8 samples at temperature 0.7 but no listed probe compares their spread: add behavior or length to probes',
    ],
  ])('warns about %s', (_name, providers, canaryExtra, path, message) => {
    const config = providers ? MINIMAL_CONFIG.replace('providers:\n', providers) : MINIMAL_CONFIG;
    const dir = makeProject({ 'tripline.yaml': config, 'canaries/c.yaml': canaryYaml('c', canaryExtra ?? '') });
    const { warnings } = loadConfig(join(dir, 'tripline.yaml'), env);
    expect(warnings).toContainEqual(expect.objectContaining({ path, message }));
  });

  it.each([
    ['a seed read by reproducibility', '  params: { seed: 7, temperature: 0 }\nprobes: [reproducibility]\nsamples: 10\n'],
    ['logprobs read by calibration', '  params: { logprobs: true }\nprobes: [calibration]\nitems: [{ id: q1, prompt: "A or B?", answer: A }]\n'],
    ['many samples at temperature 0', '  params: { temperature: 0 }\nsamples: 8\n'],
    ['many samples read by behavior', '  params: { temperature: 1 }\nsamples: 10\nprobes: [behavior]\n'],
  ])('gives no parameter hint for %s', (_name, extra) => {
    const dir = makeProject({ 'tripline.yaml': MINIMAL_CONFIG, 'canaries/c.yaml': canaryYaml('c', extra) });
    expect(loadConfig(join(dir, 'tripline.yaml'), env).warnings).toEqual([]);
  });

  it('a canary without probes runs every probe that costs no extra request, assertions when it has assert rules', () => {
    const dir = makeProject({
      'tripline.yaml': MINIMAL_CONFIG,
      'canaries/plain.yaml': canaryYaml('plain'),
      'canaries/asserting.yaml': canaryYaml('asserting', 'assert: [{ type: contains, value: OK }]\n'),
    });
    const probes = Object.fromEntries(loadConfig(join(dir, 'tripline.yaml'), env).canaries.map((c) => [c.canary.id, c.canary.probes]));
    expect(probes).toEqual({
      plain: ['shape', 'identity', 'tokens', 'ratelimit'],
      asserting: ['shape', 'identity', 'tokens', 'ratelimit', 'assertions'],
    });
  });

  it('does not warn about a tidy config', () => {
    const dir = makeProject({ 'tripline.yaml': MINIMAL_CONFIG, 'canaries/c.yaml': canaryYaml('c') });
    expect(loadConfig(join(dir, 'tripline.yaml'), env).warnings).toEqual([]);
  });
});
