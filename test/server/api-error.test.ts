import { describe, expect, it } from 'vitest';
import { ApiError, invalidParameter, notFound } from '../../server/api-error.ts';

describe('ApiError and its factories', () => {
  it('invalidParameter names the parameter, what was expected and the value received, quoted as JSON', () => {
    const error = invalidParameter('limit', 'an integer', 'ten "10"');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('InvalidParameterValue');
    expect(error.description).toBe('Parameter "limit": expected an integer, got "ten \\"10\\""');
    expect(error.message).toBe(error.description);
  });

  it('invalidParameter writes non-string values as JSON too', () => {
    expect(invalidParameter('bbox', 'four numbers', [1, 2]).description).toBe(
      'Parameter "bbox": expected four numbers, got [1,2]',
    );
    expect(invalidParameter('x', 'y', null).description).toBe('Parameter "x": expected y, got null');
  });

  it('notFound is a 404 with the description as given', () => {
    const error = notFound('Collection "communes" has no feature "nowhere"');
    expect([error.statusCode, error.code, error.message]).toEqual([
      404,
      'NotFound',
      'Collection "communes" has no feature "nowhere"',
    ]);
  });
});
