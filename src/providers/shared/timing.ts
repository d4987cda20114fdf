/**
 * The provider's own timing of a request, read from response headers, and the time to first byte.
 * The latency probe prefers the server's figure where one is sent: it leaves out the monitor's own
 * network and load (docs/statistics.md#latency).
 */
import type { TimingReading } from '../../domain/observation.js';
import type { RawResponse } from '../../http/types.js';

/** Headers that carry the provider's processing time in ms, in order of preference. */
const MS_HEADERS = ['openai-processing-ms', 'x-envoy-upstream-service-time'] as const;

/** `dur=` of a Server-Timing header (Google front ends send `gfet4t7; dur=1234`), summed over its entries. */
function serverTimingMs(value: string): number | null {
  let total: number | null = null;
  for (const m of value.matchAll(/(?:^|[;,\s])dur=([0-9]+(?:\.[0-9]+)?)/g)) total = (total ?? 0) + Number(m[1]);
  return total;
}

function plainMs(value: string): number | null {
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Time to first byte and the provider's timing header, when one is sent. */
export function timingOf(res: RawResponse): TimingReading {
  const firstByteMs = res.firstByteMs ?? null;
  for (const name of MS_HEADERS) {
    const value = res.headers[name];
    const ms = value === undefined ? null : plainMs(value);
    if (ms !== null) return { firstByteMs, serverMs: ms, serverHeader: name };
  }
  const st = res.headers['server-timing'];
  const ms = st === undefined ? null : serverTimingMs(st);
  return { firstByteMs, serverMs: ms, serverHeader: ms === null ? null : 'server-timing' };
}
