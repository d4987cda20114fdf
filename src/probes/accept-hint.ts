import type { ProbeContext } from './types.js';

/** The command that accepts the current behaviour as the new reviewed baseline, for action sentences. */
export function acceptCommand(ctx: Pick<ProbeContext, 'target' | 'canary'>): string {
  return `\`tripline baseline --target ${ctx.target} --canary ${ctx.canary.id}\``;
}

/**
 * The same for a target-level change (every canary of the target sees it): re-recording one
 * canary would only pass the alert on to the next.
 */
export function acceptTargetCommand(ctx: Pick<ProbeContext, 'target'>): string {
  return `\`tripline baseline --target ${ctx.target}\``;
}

/** Sorted distinct values. */
export function sortedUnique<T extends string | number>(values: Iterable<T>): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Values present in every one of `sets` (empty when there are no sets). */
export function intersectAll(sets: readonly (readonly string[])[]): string[] {
  const [first, ...rest] = sets;
  if (!first) return [];
  const others = rest.map((s) => new Set(s));
  return sortedUnique(first.filter((v) => others.every((s) => s.has(v))));
}
