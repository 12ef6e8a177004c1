import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** The API's error body: a code, a description naming what was expected, and for refused files every problem. */
export interface ErrorBody {
  code: string;
  description: string;
  errors?: string[];
}

/** Checks a response is the API's JSON error with this status and code, and returns its body. */
export function expectJsonError(response: LightMyRequestResponse, status: number, code: string): ErrorBody {
  expect(response.statusCode, response.body.slice(0, 500)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json() as ErrorBody;
  expect(body.code).toBe(code);
  expect(body.description.length).toBeGreaterThan(0);
  return body;
}
