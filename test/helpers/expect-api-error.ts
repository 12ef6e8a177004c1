import { expect } from 'vitest';
import { ApiError } from '../../server/api-error.ts';

/** The error thrown by `run`, checked to be an ApiError with exactly this status, code and description. */
function expectApiError(run: () => unknown, statusCode: number, code: string, description: string) {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ApiError);
  const error = thrown as ApiError;
  expect({
    statusCode: error.statusCode,
    code: error.code,
    description: error.description,
    message: error.message,
  }).toEqual({ statusCode, code, description, message: description });
}

/** The 400 an invalid query parameter gets: its name, what was expected and the value received, quoted as JSON. */
export const expectInvalid = (run: () => unknown, name: string, expected: string, got: string) =>
  expectApiError(
    run,
    400,
    'InvalidParameterValue',
    `Parameter "${name}": expected ${expected}, got ${JSON.stringify(got)}`,
  );
