import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SnapshotError } from '../domain/errors.js';
import { canonicalJson } from './canonical-json.js';
import { snapshotPath } from './paths.js';
import { writeFileAtomic } from './store.js';

/** File name of a target's side-endpoint baseline, beside its canary snapshots. */
export const SIDE_FILE = '_metadata.json';

const Fact = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Reviewed facts from a target's metadata and token-count endpoints, compared exactly. */
export const SideSnapshot = z.object({
  version: z.literal(1),
  target: z.string(),
  recordedAt: z.string(),
  facts: z.record(z.string(), z.record(z.string(), Fact)),
});
export type SideSnapshot = z.infer<typeof SideSnapshot>;

function sidePath(dir: string, target: string): string {
  return join(dirname(snapshotPath(dir, target, 'x')), SIDE_FILE);
}

/** The side baseline of a target, null when none was recorded. */
export function readSideSnapshot(dir: string, target: string): SideSnapshot | null {
  const file = sidePath(dir, target);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed = SideSnapshot.safeParse(json);
  if (!parsed.success) throw new SnapshotError(`${file}: invalid metadata snapshot: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Writes a target's side baseline atomically and durably (see writeFileAtomic). */
export async function writeSideSnapshot(dir: string, snapshot: SideSnapshot): Promise<void> {
  await writeFileAtomic(sidePath(dir, snapshot.target), `${JSON.stringify(JSON.parse(canonicalJson(snapshot)), null, 2)}\n`);
}
