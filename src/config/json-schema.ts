import { z } from 'zod';
import { Canary } from './canary-schema.js';
import { acceptInterpolation, acceptSecretFiles } from './json-schema-forms.js';
import { TriplineConfig } from './schema.js';

/** Where the published schemas live, relative to the repository root. */
export const JSON_SCHEMA_FILES = {
  canary: 'schemas/canary.schema.json',
  config: 'schemas/tripline.schema.json',
} as const;

/** One published JSON Schema file. */
export interface JsonSchemaFile {
  /** Path relative to the repository root. */
  path: string;
  /** The file's exact content: 2-space JSON with a trailing newline. */
  text: string;
}

function toSchema(schema: z.ZodType, title: string, description: string): Record<string, unknown> {
  // io: 'input' describes what users write: fields with defaults are optional.
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  // What the loader does before validation: `${VAR}` in any scalar, secrets from `*File` twins.
  const adjusted = acceptSecretFiles(acceptInterpolation(generated));
  return { ...(adjusted as Record<string, unknown>), title, description };
}

/** JSON Schema of a canary file (`canaries/*.yaml`), for editor completion. */
export function canaryJsonSchema(): Record<string, unknown> {
  return toSchema(
    Canary,
    'tripline canary',
    'A canary prompt file: canaries/*.yaml. Add `# yaml-language-server: $schema=../schemas/canary.schema.json`.',
  );
}

/** JSON Schema of tripline.yaml; `${VAR}` forms are accepted wherever a value may be interpolated. */
export function configJsonSchema(): Record<string, unknown> {
  return toSchema(
    TriplineConfig,
    'tripline config',
    'tripline.yaml. Add `# yaml-language-server: $schema=./schemas/tripline.schema.json`.',
  );
}

/** Both schema files with their exact text, as `npm run schemas` writes them. */
export function jsonSchemaFiles(): JsonSchemaFile[] {
  const text = (schema: Record<string, unknown>): string => `${JSON.stringify(schema, null, 2)}\n`;
  return [
    { path: JSON_SCHEMA_FILES.canary, text: text(canaryJsonSchema()) },
    { path: JSON_SCHEMA_FILES.config, text: text(configJsonSchema()) },
  ];
}
