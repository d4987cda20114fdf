import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { assertions } from '../../src/probes/assertions/index.js';
import { toSampleRecord } from '../../src/snapshots/build.js';
import { canary, observation, probeContext } from '../support/observations.js';

const REFUSAL = "I'm sorry, I can't assist with that request.";
const ctx = probeContext(canary({ id: 'capital', probes: ['shape', 'assertions'], assert: [{ type: 'contains', value: 'Paris' }] }));
const answered = (sample: number): SuccessObservation => observation({ sample, text: 'Paris' });
const refused = (sample: number): SuccessObservation => observation({ sample, text: '', refusal: REFUSAL });

function run(baseline: SuccessObservation[], current: SuccessObservation[]) {
  const samples = baseline.map(toSampleRecord);
  return assertions.evaluate({ baseline: { summary: { rules: 1 }, samples }, current, state: null, ctx });
}

describe('src/probes/assertions: refusals', () => {
  it('reports answers that turned into refusals as one assertion.refusal, not as failed rules', () => {
    const { findings } = run([answered(0), answered(1)], [refused(0), refused(1)]);
    expect(findings).toEqual([
      {
        kind: 'assertion.refusal',
        severity: 'warning',
        subject: 'refusal',
        summary: `the model refused 2/2 answers (baseline: 0/2): ${JSON.stringify(REFUSAL)}`,
        evidence: { before: '0/2 refusals', after: [REFUSAL, REFUSAL], refused: 2, of: 2, samples: [{ sample: 0 }, { sample: 1 }] },
        action: expect.stringContaining('The model now declines canary capital'),
      },
    ]);
  });

  it('a refusal that is the only answer of its cycle needs one more sighting', () => {
    const { findings } = run([answered(0), answered(1)], [refused(0)]);
    expect(findings.map((f) => [f.kind, f.extraSightings])).toEqual([['assertion.refusal', 1]]);
  });

  it('stays quiet on one refusal among several answers (ordinary nondeterminism)', () => {
    expect(run([answered(0), answered(1), answered(2)], [answered(0), refused(1), answered(2)]).findings).toEqual([]);
  });

  it('stays quiet where the baseline was already refusals (a canary meant to be refused)', () => {
    expect(run([refused(0), refused(1)], [refused(0), refused(1)]).findings).toEqual([]);
  });

  it('reads every choice of a response with several (n > 1)', () => {
    const twoRefusals = observation({
      text: 'Paris',
      choices: [
        { text: 'Paris', finishReason: 'stop' },
        { text: '', finishReason: 'stop', refusal: REFUSAL },
        { text: '', finishReason: 'stop', refusal: REFUSAL },
      ],
    });
    const { findings } = run([answered(0)], [twoRefusals]);
    expect(findings.map((f) => [f.kind, f.summary])).toEqual([['assertion.refusal', `the model refused 2/3 answers (baseline: 0/1): ${JSON.stringify(REFUSAL)}`]]);
  });

  it('checks the rules on every choice, not just the first', () => {
    const lyon = observation({
      text: 'Paris',
      choices: [
        { text: 'Paris', finishReason: 'stop' },
        { text: 'Lyon', finishReason: 'stop' },
        { text: 'Lyon', finishReason: 'stop' },
      ],
    });
    const { findings } = run([answered(0)], [lyon]);
    expect(findings.map((f) => [f.kind, f.summary])).toEqual([['assertion.failed', 'assertion 1 (contains "Paris") failed on 2/3 samples: does not contain "Paris"']]);
  });
});
