import { describe, expect, it } from 'vitest';
import { CLIENT_CAP_FINISH, type StreamReading } from '../../src/domain/observation.js';
import { stream } from '../../src/probes/stream/index.js';
import { observation, probeContext } from '../support/observations.js';

const ctx = probeContext();
const ANTHROPIC: StreamReading = {
  events: ['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta'],
  usage: true,
  terminator: true,
  keepAlives: 1,
};
const streamed = (r: Partial<StreamReading> = {}) => observation({ stream: { ...ANTHROPIC, ...r } });

function evaluate(current: ReturnType<typeof streamed>[]) {
  const summary = stream.summarize([streamed(), streamed()], ctx);
  return stream.evaluate({ baseline: { summary, samples: [] }, current, state: null, ctx }).findings;
}

describe('src/probes/stream', () => {
  it('summarizes the baseline streams: sequences and what every stream carried', () => {
    expect(stream.summarize([streamed(), streamed(), observation()], ctx)).toEqual({
      streams: 2,
      sequences: ['message_start > content_block_start > content_block_delta > content_block_stop > message_delta'],
      usageAlways: true,
      terminatorAlways: true,
      keepAliveAlways: true,
    });
  });

  it('the same contract reports nothing; a client-capped (cut on purpose) stream is not judged', () => {
    expect(evaluate([streamed(), streamed()])).toEqual([]);
    expect(evaluate([observation({ finishReason: CLIENT_CAP_FINISH, stream: { ...ANTHROPIC, terminator: false, usage: false } })])).toEqual([]);
  });

  it.each([
    ['the usage report dropped', { usage: false }, [['shape.stream_usage_missing', 'warning', 'usage']]],
    ['the end marker gone', { terminator: false }, [['shape.stream_terminator_missing', 'critical', 'terminator']]],
    ['keep-alives stripped', { keepAlives: 0 }, [['shape.stream_events_changed', 'warning', 'keep-alive']]],
    [
      'events in another order',
      { events: ['message_start', 'content_block_start', 'content_block_delta', 'message_delta', 'content_block_stop'] },
      [['shape.stream_events_changed', 'warning', 'events']],
    ],
  ] satisfies [string, Partial<StreamReading>, string[][]][])('%s', (_name, change, expected) => {
    const findings = evaluate([streamed(change), streamed(change)]);
    expect(findings.map((f) => [f.kind, f.severity, f.subject])).toEqual(expected);
    for (const f of findings) expect(f.action).toContain('tripline baseline --target openai/gpt-4o-mini');
  });

  it('one stream of the cycle still carrying usage, or a sequence the baseline saw, is no change', () => {
    expect(evaluate([streamed({ usage: false }), streamed()])).toEqual([]);
    expect(evaluate([streamed({ events: ['message_start'] }), streamed()])).toEqual([]);
  });

  it('what a single stream raised needs one more sighting than the configured rule (it cannot tell a stream cut short from a broken contract)', () => {
    expect(evaluate([streamed({ terminator: false })]).map((f) => [f.kind, f.extraSightings])).toEqual([['shape.stream_terminator_missing', 1]]);
    const two = evaluate([streamed({ terminator: false }), streamed({ terminator: false })]);
    expect(two).toHaveLength(1);
    expect(two[0]?.extraSightings).toBeUndefined();
  });

  it('a baseline without streams (a canary that does not stream) compares nothing', () => {
    const summary = stream.summarize([observation()], ctx);
    expect(stream.evaluate({ baseline: { summary, samples: [] }, current: [streamed({ usage: false })], state: null, ctx }).findings).toEqual([]);
  });

  it('merges pools', () => {
    const a = stream.summarize([streamed()], ctx);
    const b = stream.summarize([streamed({ keepAlives: 0, events: ['x'] })], ctx);
    expect(stream.merge(a, b)).toMatchObject({ streams: 2, keepAliveAlways: false, usageAlways: true });
    expect(stream.merge(a, b).sequences).toHaveLength(2);
  });
});
