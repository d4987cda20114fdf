/**
 * The timing series the latency probe judges (docs/statistics.md#latency): the total, from the
 * provider's own timing header when every sample carries the same one (the monitor's network and
 * load left out), else the client's; and the time to first byte, judged only where the answers
 * streamed (the first byte then comes well before the end).
 */
import { median } from '../../stats/ranks.js';
import type { SampleRecord } from '../types.js';

type Timed = Pick<SampleRecord, 'latencyMs' | 'timing' | 'usage'>;

/** The server header every sample carries, or null when one lacks it (or they differ). */
export function commonServerHeader(samples: readonly Timed[]): string | null {
  const first = samples[0]?.timing?.serverHeader ?? null;
  if (first === null) return null;
  return samples.every((s) => s.timing?.serverHeader === first && s.timing.serverMs !== null) ? first : null;
}

/** Total durations in ms: the server's figure under `header`, else the client's. */
export function totals(samples: readonly Timed[], header: string | null): number[] {
  return samples.flatMap((s) => (header === null ? [s.latencyMs] : s.timing?.serverMs != null ? [s.timing.serverMs] : []));
}

export function firstBytes(samples: readonly Timed[]): number[] {
  return samples.flatMap((s) => (s.timing?.firstByteMs != null ? [s.timing.firstByteMs] : []));
}

/** Whether answers streamed: the first byte arrives well before the whole body (median under 80%). */
export function streamed(samples: readonly Timed[]): boolean {
  const ratios = samples.flatMap((s) => (s.timing?.firstByteMs != null && s.latencyMs > 0 ? [s.timing.firstByteMs / s.latencyMs] : []));
  return ratios.length > 0 && median(ratios) < 0.8;
}

/** Median output tokens per second after the first byte (client-side); null without the figures. */
export function tokensPerSecond(samples: readonly Timed[]): number | null {
  const rates = samples.flatMap((s) => {
    const gen = s.latencyMs - (s.timing?.firstByteMs ?? 0);
    return s.usage.output !== null && s.usage.output > 0 && gen > 0 ? [(s.usage.output * 1000) / gen] : [];
  });
  return rates.length ? median(rates) : null;
}
