import { z } from 'zod';
import type { Assertion } from '../../config/canary-schema.js';

/** A rule's verdict on one output text: null when it passes, else why it failed. */
export type Verdict = string | null;

/** zod's JSON Schema converter covers the common subset (type, properties, required, enum, items, bounds, pattern). */
function compile(schema: Record<string, unknown>): z.ZodType | string {
  try {
    return z.fromJSONSchema(schema);
  } catch (error) {
    return `the JSON Schema could not be compiled: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `$${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`)
    .join('; ');
}

/** Builds a checker for one rule; compiling once per evaluation. */
export function checker(rule: Assertion): (text: string) => Verdict {
  switch (rule.type) {
    case 'json-schema': {
      const schema = compile(rule.schema);
      return (text) => {
        if (typeof schema === 'string') return schema;
        let value: unknown;
        try {
          value = JSON.parse(text.trim());
        } catch {
          return `not valid JSON: ${JSON.stringify(text.slice(0, 60))}`;
        }
        const parsed = schema.safeParse(value);
        return parsed.success ? null : issuesText(parsed.error);
      };
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(rule.pattern, rule.flags);
      } catch (error) {
        const message = `invalid pattern /${rule.pattern}/: ${error instanceof Error ? error.message : String(error)}`;
        return () => message;
      }
      return (text) => (re.test(text) ? null : `does not match /${rule.pattern}/${rule.flags ?? ''}`);
    }
    case 'contains':
      return (text) => {
        const found = rule.ignoreCase ? text.toLowerCase().includes(rule.value.toLowerCase()) : text.includes(rule.value);
        return found ? null : `does not contain ${JSON.stringify(rule.value)}`;
      };
  }
}

/** A short name of the rule for summaries: `json-schema`, `regex /^\{/`, `contains "Paris"`. */
export function describeRule(rule: Assertion): string {
  switch (rule.type) {
    case 'json-schema':
      return 'json-schema';
    case 'regex':
      return `regex /${rule.pattern}/${rule.flags ?? ''}`;
    case 'contains':
      return `contains ${JSON.stringify(rule.value)}`;
  }
}
