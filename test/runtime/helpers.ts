import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { openStateStore, type StateStore } from '../../src/runtime/state/store.js';

/** A fresh state store in a temporary directory. */
export async function tempStore(): Promise<{ store: StateStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-runtime-'));
  return { store: await openStateStore(dir), dir };
}

/** A logger that writes nothing. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A logger that collects parsed JSON lines. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  return { logger, lines };
}
