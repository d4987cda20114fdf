import { createTwoFilesPatch } from 'diff';
import type { FindingDraft } from '../../domain/finding.js';
import { acceptTargetCommand } from '../accept-hint.js';
import type { ProbeContext } from '../types.js';
import { isAncestor, parentOf, topmost, typesByPath } from './lines.js';
import type { ShapeSummary } from './schema.js';

/** Unified diff of the sorted signature lines, labelled "baseline" / "current". */
export function shapeDiff(before: readonly string[], after: readonly string[]): string {
  const text = (lines: readonly string[]): string => (lines.length ? `${lines.join('\n')}\n` : '');
  return createTwoFilesPatch('baseline', 'current', text(before), text(after), undefined, undefined, { context: 3 });
}

const fmt = (types: ReadonlySet<string> | undefined): string => [...(types ?? [])].sort().join('|');

/**
 * The type rule: `null` next to another type is a nullable variant, not a change. A path changed
 * type when the current samples show a non-null type the baseline never had (and the baseline had
 * some non-null type), or when a path that was never null in the baseline is now always null.
 */
export function typeChanged(before: ReadonlySet<string>, after: ReadonlySet<string>): boolean {
  const beforeNonNull = [...before].filter((t) => t !== 'null');
  const afterNonNull = [...after].filter((t) => t !== 'null');
  if (beforeNonNull.length === 0) return false;
  if (afterNonNull.some((t) => !before.has(t))) return true;
  return afterNonNull.length === 0 && !before.has('null');
}

/** field_removed / field_added / type_changed drafts from two shape summaries. */
export function fieldDrafts(baseline: ShapeSummary, current: ShapeSummary, ctx: ProbeContext): FindingDraft[] {
  const before = typesByPath(baseline.lines);
  const after = typesByPath(current.lines);
  const diff = shapeDiff(baseline.lines, current.lines);
  const accept = acceptTargetCommand(ctx);
  const changed = [...after.keys()].filter((p) => before.has(p) && typeChanged(before.get(p) ?? new Set(), after.get(p) ?? new Set()));
  const removedAll = baseline.requiredPaths.filter((p) => !after.has(p));
  const addedAll = current.requiredPaths.filter((p) => !before.has(p));
  const removed = topmost(removedAll, changed);
  const added = topmost(addedAll, changed);
  const removedParents = new Set(removed.map(parentOf));
  const drafts: FindingDraft[] = [];
  for (const path of topmost(changed)) {
    drafts.push({
      kind: 'shape.type_changed',
      severity: 'critical',
      subject: path,
      summary: `${path} changed type: ${fmt(before.get(path))} → ${fmt(after.get(path))}`,
      evidence: { before: `${path}: ${fmt(before.get(path))}`, after: `${path}: ${fmt(after.get(path))}`, diff },
      action: `Code that reads ${path} now receives a different type; fix parsers and typed SDK models, then accept with ${accept}.`,
    });
  }
  for (const path of removed) {
    drafts.push({
      kind: 'shape.field_removed',
      severity: 'critical',
      subject: path,
      summary: `${path} (${fmt(before.get(path))}) is missing from every response; it was in every baseline response`,
      evidence: {
        before: `${path}: ${fmt(before.get(path))}`,
        after: null,
        alsoRemoved: removedAll.filter((p) => isAncestor(path, p)),
        diff,
      },
      action: `Code reading ${path} now gets undefined: look for a renamed or dropped field in the provider changelog and SDK, handle it, then accept with ${accept}.`,
    });
  }
  for (const path of added) {
    const partners = removed.filter((r) => parentOf(r) === parentOf(path));
    drafts.push({
      kind: 'shape.field_added',
      severity: removedParents.has(parentOf(path)) ? 'warning' : 'info',
      subject: path,
      summary: `${path} (${fmt(after.get(path))}) appears in every response; the baseline never had it${partners.length ? ` (maybe renamed from ${partners.join(', ')})` : ''}`,
      evidence: {
        before: null,
        after: `${path}: ${fmt(after.get(path))}`,
        ...(partners.length ? { renamedFrom: partners } : {}),
        diff,
      },
      action: partners.length
        ? `${partners.join(', ')} disappeared at the same level: treat this as a rename, update parsers, then accept with ${accept}.`
        : `A new field is usually harmless; note it (strict schema validators may reject it) and accept with ${accept}.`,
    });
  }
  return drafts;
}

