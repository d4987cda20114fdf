import { describe, expect, it } from 'vitest';
import { modelStatusCandidates } from '../../../src/runtime/engine/model-status.js';
import { observation } from '../../support/observations.js';

const TARGET = 'gemini/gemini-2.0-flash';
const status = (stage: string | null, retirementTime: string | null = null) => ({ stage, retirementTime, message: null });

describe('src/runtime/engine/model-status.ts', () => {
  it.each([
    ['DEPRECATED with a date', status('DEPRECATED', '2027-06-30T00:00:00Z'), 'modelStatus:DEPRECATED'],
    ['RETIRED without a date', status('RETIRED'), 'modelStatus:RETIRED'],
    ['a retirement time on a STABLE model', status('STABLE', '2027-01-01T00:00:00Z'), 'modelStatus:STABLE'],
  ])('%s is one deprecation.announced, confirmed on sight', (_name, modelStatus, subject) => {
    const found = modelStatusCandidates([observation(), observation({ modelStatus }), observation({ modelStatus })], TARGET);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'deprecation.announced', severity: 'warning', target: TARGET, subject, confirmCycles: 1 });
    expect(found[0]?.evidence['after']).toMatchObject({ stage: modelStatus.stage, retirementTime: modelStatus.retirementTime });
    expect(found[0]?.action).toMatch(/migration/);
  });

  it.each([
    ['no modelStatus', null],
    ['a STABLE stage without a date', status('STABLE')],
    ['a PREVIEW stage', status('PREVIEW')],
  ])('%s raises nothing', (_name, modelStatus) => {
    expect(modelStatusCandidates([observation({ modelStatus })], TARGET)).toEqual([]);
  });
});
