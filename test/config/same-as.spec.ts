import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { cleanup, makeProject, problemsOf } from './project.js';

const env = { KEY_A: 'sk-tenant-a-1234', KEY_B: 'sk-tenant-b-1234' };

/** Two keys (tenants) of one provider, each a provider entry of its own. */
const TENANTS = `providers:
  acme-eu:
    type: openai
    apiKey: \${KEY_A}
  acme-us:
    type: openai
    apiKey: \${KEY_B}
targets:
  - acme-eu/gpt-4o
  - acme-us/gpt-4o
`;

afterEach(cleanup);

describe('sameAs groups (tripline.yaml)', () => {
  it('are read by group name, and default to none', () => {
    const dir = makeProject({ 'tripline.yaml': `${TENANTS}sameAs:\n  gpt-4o:\n    - acme-eu/gpt-4o\n    - acme-us/gpt-4o\n` });
    expect(loadConfig(join(dir, 'tripline.yaml'), env).config.sameAs).toEqual({ 'gpt-4o': ['acme-eu/gpt-4o', 'acme-us/gpt-4o'] });
    const plain = makeProject({ 'tripline.yaml': TENANTS });
    expect(loadConfig(join(plain, 'tripline.yaml'), env).config.sameAs).toEqual({});
  });

  it('name the file, line and field of a member that is not a configured target', () => {
    const dir = makeProject({ 'tripline.yaml': `${TENANTS}sameAs:\n  gpt-4o: [acme-eu/gpt-4o, acme-ap/gpt-4o]\n` });
    const file = join(dir, 'tripline.yaml');
    expect(problemsOf(() => loadConfig(file, env))).toEqual([
      expect.objectContaining({ file, line: 12, path: 'sameAs.gpt-4o.1', message: `target "acme-ap/gpt-4o" is not in the config's targets` }),
    ]);
  });

  it('reject a member listed twice, a target in two groups, and a group of one', () => {
    const dir = makeProject({
      'tripline.yaml': `${TENANTS}sameAs:
  a:
    - acme-eu/gpt-4o
    - acme-eu/gpt-4o
  b:
    - acme-us/gpt-4o
    - acme-eu/gpt-4o
  c: [acme-us/gpt-4o]
`,
    });
    const where = problemsOf(() => loadConfig(join(dir, 'tripline.yaml'), env)).map((p) => `${p.line}:${p.path}: ${p.message}`);
    expect(where).toEqual([
      '14:sameAs.a.1: "acme-eu/gpt-4o" is listed twice in sameAs group "a": list each target once',
      '17:sameAs.b.1: "acme-eu/gpt-4o" is already in sameAs group "a": a target belongs to one group',
      '18:sameAs.c: a sameAs group needs at least two targets',
      '18:sameAs.c.0: "acme-us/gpt-4o" is already in sameAs group "b": a target belongs to one group',
    ]);
  });
});
