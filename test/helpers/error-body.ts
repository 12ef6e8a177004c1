import type { LightMyRequestResponse } from 'fastify';
import type { ErrorBody } from './json-error.ts';

/** What is wrong with an error answer, or null: JSON {code, description}, a description and no stack trace. */
export function errorBodyProblem(response: LightMyRequestResponse): string | null {
  const contentType = String(response.headers['content-type']);
  if (!/^application\/json/.test(contentType)) return `Content-Type ${contentType}, not JSON`;
  let body: Partial<ErrorBody>;
  try {
    body = response.json() as Partial<ErrorBody>;
  } catch {
    return 'a body that is not JSON';
  }
  if (typeof body.code !== 'string' || typeof body.description !== 'string') {
    return 'a JSON body without string code and description';
  }
  if (body.description.includes('    at ') || body.description.includes('.ts:')) {
    return 'a stack trace in the description';
  }
  return null;
}

/** A text cut to `max` characters for a failure message, saying how long it was. */
export const shorten = (text: string, max = 300) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
