import { parseTarget } from '../domain/target.js';
import type { Match } from './channels/base-schema.js';

/** The fields of an alert that routes, silences and maintenance windows match on. */
export interface MatchSubject {
  /** Finding kind, e.g. `shape.field_removed`. */
  kind: string;
  /** `provider/model`, or a provider name for provider-wide alerts. */
  target: string;
  /** Canary id, when the alert has one. */
  canary?: string;
}

/** `*` matches any run of characters; everything else is literal. */
export function globMatches(pattern: string, value: string): boolean {
  const escaped = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(value);
}

/** The provider part of a target (`openai/gpt-4o` -> `openai`); a provider-wide target is its own provider. */
export function providerOf(target: string): string {
  return parseTarget(target)?.provider ?? target;
}

/** True when every field present in `match` matches; an absent or empty match matches everything. */
export function matches(match: Match | undefined, s: MatchSubject): boolean {
  if (!match) return true;
  const any = (list: string[] | undefined, value: string | undefined): boolean =>
    list === undefined || (value !== undefined && list.some((p) => globMatches(p, value)));
  return (
    any(match.kinds, s.kind) &&
    any(match.providers, providerOf(s.target)) &&
    any(match.targets, s.target) &&
    any(match.canaries, s.canary)
  );
}
