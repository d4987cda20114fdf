import { describe, expect, it } from 'vitest';
import { enumValues, shapeSignature } from '../../src/domain/shape.js';

describe('src/domain/shape', () => {
  it('lists every path with its type, arrays merged as []', () => {
    const json = {
      id: 'x',
      choices: [
        { message: { content: 'a' }, finish_reason: 'stop', logprobs: null },
        { message: { content: null }, finish_reason: 'length', extra: true },
      ],
      'odd key': 1,
      empty: [],
    };
    expect(shapeSignature(json)).toEqual([
      '$: object',
      '$.choices: array',
      '$.choices[]: object',
      '$.choices[].extra: boolean',
      '$.choices[].finish_reason: string',
      '$.choices[].logprobs: null',
      '$.choices[].message.content: null',
      '$.choices[].message.content: string',
      '$.choices[].message: object',
      '$.empty: array',
      '$.id: string',
      '$["odd key"]: number',
    ].sort());
  });

  it('is stable under key order and array length', () => {
    expect(shapeSignature({ b: [1, 2, 3], a: 'x' })).toEqual(shapeSignature({ a: 'y', b: [4] }));
  });

  it('collects enum values at signature paths', () => {
    const json = { object: 'chat.completion', choices: [{ finish_reason: 'stop' }, { finish_reason: 'length' }, { finish_reason: 'stop' }], n: 3 };
    expect(enumValues(json, ['$.object', '$.choices[].finish_reason', '$.n', '$.missing'])).toEqual({
      '$.object': 'chat.completion',
      '$.choices[].finish_reason': 'length,stop',
    });
  });
});
