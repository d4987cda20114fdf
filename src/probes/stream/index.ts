import type { FindingDraft } from '../../domain/finding.js';
import { isClientCapped, type StreamReading, type SuccessObservation } from '../../domain/observation.js';
import { acceptTargetCommand, sortedUnique } from '../accept-hint.js';
import { withThinEvidence } from '../thin-evidence.js';
import type { Probe, ProbeContext } from '../types.js';
import { StreamSummary } from './schema.js';

/** Distinct sequences kept: real streams have one or two; a hostile one's variety is cut here. */
const MAX_SEQUENCES = 32;
const sequenceOf = (r: StreamReading): string => r.events.join(' > ');

/** Streamed answers whose whole stream arrived: a client-capped one is a prefix on purpose. */
function streamsOf(samples: readonly SuccessObservation[]): StreamReading[] {
  return samples.flatMap((s) => (s.stream && !isClientCapped(s) ? [s.stream] : []));
}

function summarize(samples: readonly SuccessObservation[]): StreamSummary {
  const streams = streamsOf(samples);
  const every = (f: (r: StreamReading) => boolean): boolean => streams.length > 0 && streams.every(f);
  return {
    streams: streams.length,
    sequences: sortedUnique(streams.map(sequenceOf)).slice(0, MAX_SEQUENCES),
    usageAlways: every((r) => r.usage),
    terminatorAlways: every((r) => r.terminator),
    keepAliveAlways: every((r) => r.keepAlives > 0),
  };
}

function merge(a: StreamSummary, b: StreamSummary): StreamSummary {
  if (a.streams === 0) return b;
  if (b.streams === 0) return a;
  return {
    streams: a.streams + b.streams,
    sequences: sortedUnique([...a.sequences, ...b.sequences]).slice(0, MAX_SEQUENCES),
    usageAlways: a.usageAlways && b.usageAlways,
    terminatorAlways: a.terminatorAlways && b.terminatorAlways,
    keepAliveAlways: a.keepAliveAlways && b.keepAliveAlways,
  };
}

function drafts(baseline: StreamSummary, now: readonly StreamReading[], ctx: ProbeContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const accept = acceptTargetCommand(ctx);
  const seen = sortedUnique(now.map(sequenceOf));
  if (baseline.terminatorAlways && now.every((r) => !r.terminator)) {
    out.push({
      kind: 'shape.stream_terminator_missing',
      severity: 'critical',
      subject: 'terminator',
      summary: `streamed answers no longer end with their end marker (every baseline stream did): ${now.length}/${now.length} streams stop without it`,
      evidence: { before: 'terminator', after: null, sequences: seen },
      action: `A stream without its end marker looks the same as a dropped connection: streaming clients wait for it or commit a partial answer. Check proxies and gateways between you and the provider (buffering, timeouts), make clients treat a missing end marker as an error, then accept with ${accept}.`,
    });
  }
  if (baseline.usageAlways && now.every((r) => !r.usage)) {
    out.push({
      kind: 'shape.stream_usage_missing',
      severity: 'warning',
      subject: 'usage',
      summary: `streamed answers no longer carry their usage report (every baseline stream did, e.g. the stream_options.include_usage chunk)`,
      evidence: { before: 'usage', after: null, sequences: seen },
      action: `Token counting, billing and budgets that read usage from streams now see nothing: check that the request still asks for it (stream_options.include_usage) and that no proxy drops the last chunk; count from a non-streamed call meanwhile, then accept with ${accept}.`,
    });
  }
  if (baseline.keepAliveAlways && now.every((r) => r.keepAlives === 0)) {
    out.push({
      kind: 'shape.stream_events_changed',
      severity: 'warning',
      subject: 'keep-alive',
      summary: 'streams no longer carry keep-alives (comment lines or pings; every baseline stream had them)',
      evidence: { before: 'keep-alive', after: null, sequences: seen },
      action: `Something between you and the provider strips keep-alives (a reverse proxy, a gateway): long answers may now be cut by idle timeouts. Check the proxy's SSE handling and idle timeouts, then accept with ${accept}.`,
    });
  }
  const known = new Set(baseline.sequences);
  if (baseline.sequences.length > 0 && seen.length > 0 && seen.every((s) => !known.has(s))) {
    out.push({
      kind: 'shape.stream_events_changed',
      severity: 'warning',
      subject: 'events',
      summary: `stream events changed: ${seen[0] ?? ''} (baseline: ${baseline.sequences[0] ?? ''})`,
      evidence: { before: baseline.sequences, after: seen },
      action: `Streaming parsers that switch on event types or expect this order may misread or stop early: compare with the provider's streaming reference and SDK changelog, update stream handling, then accept with ${accept}.`,
    });
  }
  return out;
}

/**
 * Stream shape (docs/statistics.md#stream-shape): exact comparison of streamed answers' contract
 * with the baseline's. The end marker, the usage report and keep-alives are reported when every
 * baseline stream had them and no current one does; the event sequence when no current stream's
 * sequence is one the baseline saw. Only streamed canaries (`params.stream: true`) have any. What a
 * cycle of a single stream raises needs one more sighting (thin-evidence.ts): it cannot tell a
 * stream cut short by a blip from a broken contract.
 */
export const stream = {
  id: 'stream',
  summarySchema: StreamSummary,
  summarize: (samples, _ctx) => summarize(samples),
  merge,
  evaluate({ baseline, current, ctx }) {
    const now = streamsOf(current);
    if (baseline.summary.streams === 0 || now.length === 0) return { findings: [], state: null, metrics: { changes: 0 } };
    const findings = withThinEvidence(drafts(baseline.summary, now, ctx), now.length);
    return { findings, state: null, metrics: { changes: findings.length } };
  },
} satisfies Probe<StreamSummary, null>;
