import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { channels } from '../alerts/channels/registry.js';
import type { ConfigProblem } from '../domain/errors.js';
import { problemAt } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/** Largest secret file read (bytes): a token or an SMTP URL is a few hundred bytes. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** The `*File` twin of a secret field: `token` -> `tokenFile`. */
export function fileTwinOf(field: string): string {
  return `${field}File`;
}

/** A secret file's content, surrounding whitespace trimmed, or why it cannot be used. */
export function readSecretFile(path: string): { value: string } | { problem: string } {
  try {
    // A mistaken path to a large file is refused before reading it.
    if (statSync(path).size > MAX_SECRET_FILE_BYTES) return { problem: `secret file is larger than ${MAX_SECRET_FILE_BYTES} bytes: ${path}` };
    const value = readFileSync(path, 'utf8').trim();
    return value ? { value } : { problem: `secret file is empty: ${path}` };
  } catch {
    return { problem: `cannot read secret file: ${path}` };
  }
}

/**
 * Resolves the `*File` twin of every secret field the alert channels declare (`tokenFile`,
 * `secretFile`, `routingKeyFile`, `urlFile`, ...; systemd `LoadCredential=`, Kubernetes Secret
 * mounts): the field is set from the file (relative to tripline.yaml) in the data before it is
 * validated, so the schema checks it and nothing downstream, redaction included, needs to know
 * where a secret came from. Mutates `raw`; returns the problems, located at the twin's key.
 */
export function readChannelSecretFiles(source: YamlSource, raw: unknown, baseDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const list = isRecord(raw) && isRecord(raw.alerts) ? raw.alerts.channels : undefined;
  if (!Array.isArray(list)) return problems;
  const registry: Record<string, { readonly secretFields: object }> = channels;
  list.forEach((entry: unknown, i) => {
    if (!isRecord(entry) || typeof entry.type !== 'string' || !Object.hasOwn(registry, entry.type)) return;
    for (const field of Object.keys(registry[entry.type]?.secretFields ?? {})) {
      const twin = fileTwinOf(field);
      const path = entry[twin];
      if (path === undefined || path === null) continue;
      const at = ['alerts', 'channels', i, twin];
      if (typeof path !== 'string' || path === '') continue; // the schema reports the type
      if (entry[field] !== undefined) {
        problems.push(problemAt(source, at, `set ${field} or ${twin}, not both`, true));
        continue;
      }
      const read = readSecretFile(resolve(baseDir, path));
      if ('problem' in read) problems.push(problemAt(source, at, read.problem));
      // On a problem the config is rejected anyway; the stand-in keeps "token: required" from repeating it.
      entry[field] = 'problem' in read ? '<unreadable secret file>' : read.value;
    }
  });
  return problems;
}

/** `state.urlFile`: the PostgreSQL URL (with its password) from a file, like the channels' twins. */
export function readStateUrlFile(source: YamlSource, raw: unknown, baseDir: string): ConfigProblem[] {
  const state = isRecord(raw) && isRecord(raw.state) ? raw.state : undefined;
  const path = state?.urlFile;
  if (!state || typeof path !== 'string' || path === '') return [];
  const at = ['state', 'urlFile'];
  if (state.url !== undefined) return [problemAt(source, at, 'set url or urlFile, not both', true)];
  const read = readSecretFile(resolve(baseDir, path));
  state.url = 'problem' in read ? 'postgres://unreadable-secret-file' : read.value;
  return 'problem' in read ? [problemAt(source, at, read.problem)] : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
