import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/finding.js';
import { createRunBoard } from '../../src/runtime/pipeline/board.js';

const finding = (at: string, over: Partial<Finding> = {}): Finding => ({
  kind: 'tokens.input_changed', severity: 'warning', target: 'sim/m', canary: 'c', summary: 'input tokens rose', evidence: {}, action: 'a', detectedAt: at, ...over,
});

describe('src/runtime/pipeline/board', () => {
  it('recent findings: a condition reported every cycle is one row, its latest occurrence, newest first', () => {
    const board = createRunBoard();
    for (let i = 0; i < 6; i++) board.addFindings([finding(`2026-06-01T00:0${i}:00Z`)]);
    board.addFindings([finding('2026-06-01T00:07:00Z', { kind: 'shape.field_removed', subject: '$.usage' })]);
    expect(board.recentFindings().map((f) => [f.kind, f.detectedAt])).toEqual([
      ['shape.field_removed', '2026-06-01T00:07:00Z'],
      ['tokens.input_changed', '2026-06-01T00:05:00Z'],
    ]);
  });
});
