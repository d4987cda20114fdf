import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createAlertManager, type AlertManagerOptions } from '../../src/alerts/manager.js';
import { AlertsConfig } from '../../src/alerts/schema.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import type { Finding } from '../../src/domain/finding.js';
import { createHttpClient } from '../../src/http/client.js';
import { openStateStore, type StateStore } from '../../src/runtime/state/store.js';

export const T0 = Date.parse('2025-06-01T12:00:00.000Z');

/** The drift used across the suites: input tokens rose 12% on one canary. */
export function tokensFinding(over: Partial<Finding> = {}): Finding {
  return {
    kind: 'tokens.input_changed',
    severity: 'warning',
    target: 'openai/gpt-4o-mini',
    canary: 'tokens-short',
    summary: 'input tokens for the same prompt rose 12% (100 -> 112)',
    evidence: { before: 100, after: 112 },
    action: 'Re-check cost forecasts and prompt cache keys',
    detectedAt: '2025-06-01T12:00:00.000Z',
    ...over,
  };
}

export function event(over: Partial<AlertEvent> = {}): AlertEvent {
  const finding = tokensFinding();
  return {
    id: '00000000-0000-4000-8000-000000000001',
    alertKey: 'openai/gpt-4o-mini|tokens-short|tokens.input_changed|',
    type: 'opened',
    finding,
    openedAt: '2025-06-01T12:00:00.000Z',
    at: '2025-06-01T12:00:00.000Z',
    ...over,
  };
}

/** A writable that keeps everything written to it. */
export function captureStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** A temporary state directory with the real store; `reopen` simulates a restart. */
export async function tempState(): Promise<{ dir: string; store: StateStore; reopen(): Promise<StateStore>; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-alerts-'));
  const state = {
    dir,
    store: await openStateStore(dir),
    async reopen(): Promise<StateStore> {
      await state.store.close();
      state.store = await openStateStore(dir);
      return state.store;
    },
    async cleanup(): Promise<void> {
      await state.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return state;
}

/** A manager with a controllable clock and the real HTTP client. */
export function managerFor(
  store: StateStore,
  alerts: unknown,
  clock: { now: number },
  extra: Partial<AlertManagerOptions> = {},
) {
  return createAlertManager({
    db: store.db,
    config: { targets: ['openai/gpt-4o-mini', 'openai/gpt-4o', 'anthropic/claude-3-5-haiku'], alerts: AlertsConfig.parse(alerts) },
    http: createHttpClient(),
    now: () => clock.now,
    sendTimeoutMs: 3000,
    ...extra,
  });
}
