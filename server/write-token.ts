import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Guards the write routes: `Authorization: Bearer <token>` must match ATLAS_WRITE_TOKEN. Both sides are
 * hashed first so the comparison takes the same time whatever the length or content; the token is never
 * logged or echoed. Without a configured token the write routes are off, and `whenOff` says so.
 */
export function writeGuard(
  token: string | null,
  whenOff = 'Imports through the API are off: start the server with ATLAS_WRITE_TOKEN set, or use npm run import',
) {
  const expected = token === null ? null : digest(token);
  return (request: FastifyRequest): void => {
    if (expected === null) {
      throw new ApiError(403, 'WritesDisabled', whenOff);
    }
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!timingSafeEqual(digest(given), expected)) {
      throw new ApiError(
        401,
        'Unauthorized',
        'This route needs the header "Authorization: Bearer <token>" with the token the server was started with ' +
          '(ATLAS_WRITE_TOKEN)',
        { 'WWW-Authenticate': 'Bearer realm="atlas imports"' },
      );
    }
  };
}
