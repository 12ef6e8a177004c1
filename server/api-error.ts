/** An error answered as JSON {code, description} with its status; the description names the parameter at fault. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 406 | 429,
    readonly code: string,
    readonly description: string,
    /** Headers the answer needs, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

export function invalidParameter(name: string, expected: string, got: unknown): ApiError {
  return new ApiError(
    400,
    'InvalidParameterValue',
    `Parameter "${name}": expected ${expected}, got ${JSON.stringify(got)}`,
  );
}

export function notFound(description: string): ApiError {
  return new ApiError(404, 'NotFound', description);
}
