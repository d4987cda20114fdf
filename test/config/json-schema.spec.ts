import { Ajv2020 } from 'ajv/dist/2020.js';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { canaryJsonSchema, configJsonSchema, jsonSchemaFiles } from '../../src/config/json-schema.js';

/** The published schemas as an editor applies them (draft 2020-12, formats checked). */
function validator(schema: Record<string, unknown>): (data: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(schema);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

describe('src/config/json-schema.ts', () => {
  it.each(jsonSchemaFiles().map((f) => [f.path, f.text]))('committed %s equals the generated schema (npm run schemas)', (path, text) => {
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('describes input: fields with defaults are optional, unknown keys are rejected', () => {
    const canary = canaryJsonSchema();
    expect(canary).toMatchObject({ type: 'object', required: ['id', 'request'], additionalProperties: false });
    const config = configJsonSchema();
    expect(config).toMatchObject({ type: 'object', required: ['providers', 'targets'], additionalProperties: false });
  });

  it('accepts ${VAR} forms wherever a value may be interpolated: the shipped example validates as written', () => {
    const check = validator(configJsonSchema());
    const example = readFileSync('tripline.example.yaml', 'utf8');
    expect(example).toContain('${LOCAL_LLM_URL:-http://');
    expect(check(parseYaml(example))).toEqual([]);
    const config = (timeout: unknown): unknown => ({ providers: { p: { type: 'openai', baseUrl: '${GATEWAY:-http://127.0.0.1:8000/v1}', timeout } }, targets: ['p/m'], logging: { level: '${LOG_LEVEL:-info}', bodies: '${LOG_BODIES:-false}' } });
    expect(check(config('${TIMEOUT:-30000}'))).toEqual([]);
    expect(check(config(30_000))).toEqual([]);
    // a plain string is still not a number, and a typo is still an unknown key
    expect(check(config('soon')).join('\n')).toContain('/providers/p/timeout');
    expect(check({ providers: {}, targets: ['p/m'], schedul: '* * * * *' }).join('\n')).toContain('must NOT have additional properties');
  });

  it('a secret may be given by its *File twin alone (the loader reads it before validation)', () => {
    const check = validator(configJsonSchema());
    const slack = (entry: Record<string, unknown>): unknown => ({ providers: {}, targets: ['p/m'], alerts: { channels: [{ type: 'slack', channel: '#x', ...entry }] } });
    expect(check(slack({ tokenFile: '/run/credentials/tripline.service/slack' }))).toEqual([]);
    expect(check(slack({ token: '${SLACK_BOT_TOKEN}' }))).toEqual([]);
    expect(check(slack({})).length).toBeGreaterThan(0);
  });

  it('the shipped canaries validate as written', () => {
    const check = validator(canaryJsonSchema());
    for (const f of readdirSync('canaries').filter((n) => n.endsWith('.yaml'))) expect(check(parseYaml(readFileSync(`canaries/${f}`, 'utf8'))), f).toEqual([]);
  });

  it.each([
    ['canary', canaryJsonSchema],
    ['tripline', configJsonSchema],
  ] as const)('every property of the %s schema has a description (editor hover), from the zod .describe()', (_name, schemaOf) => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, path));
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, { description?: string }> }).properties ?? {};
      for (const [key, child] of Object.entries(props)) {
        if (!child.description) missing.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      for (const [key, child] of Object.entries(node)) if (key !== 'properties') walk(child, path);
    };
    walk(schemaOf(), '');
    expect([...new Set(missing)]).toEqual([]);
  });
});
