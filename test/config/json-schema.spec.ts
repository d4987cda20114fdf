import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canaryJsonSchema, configJsonSchema, jsonSchemaFiles } from '../../src/config/json-schema.js';

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
});
