import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';

/** Requests a client may make per minute: reads (GET, HEAD) and writes (imports); 0 turns a limit off. */
export interface RateLimits {
  readsPerMinute: number;
  writesPerMinute: number;
}

/** Clients remembered at most; beyond it, the least recently seen are forgotten first. */
const MAX_CLIENTS = 10_000;

const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
const isWrite = (request: FastifyRequest) =>
  request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';

/**
 * Counts each client's requests in fixed one-minute windows (@fastify/rate-limit) and answers 429 with Retry-After
 * (seconds to the window's end) past the limit, as the API's other JSON errors. Reads and writes are counted apart.
 * Loopback clients (the dashboard on the presenter's own laptop, `npm run import` neighbours, the benchmarks) are never
 * limited. The count is per IP address as Fastify sees it: behind a reverse proxy, start Fastify with trustProxy so
 * clients are told apart.
 */
export async function addRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  const limitOf = (request: FastifyRequest) => (isWrite(request) ? limits.writesPerMinute : limits.readsPerMinute);
  await app.register(rateLimit, {
    // Not per route: one hook on every request, 404s included, whenever the routes are declared.
    global: false,
    timeWindow: 60_000,
    cache: MAX_CLIENTS,
    keyGenerator: (request) => `${isWrite(request) ? 'write' : 'read'} ${request.ip}`,
    max: limitOf,
    allowList: (request) => isLoopback(request.ip) || limitOf(request) === 0,
    // Retry-After comes with the ApiError, as any error's headers do; no X-RateLimit-* headers on other answers.
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': false,
    },
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (request, { max, ttl }) => {
      const retryAfter = Math.ceil(ttl / 1000);
      const what = isWrite(request) ? 'writes' : 'requests';
      return new ApiError(
        429,
        'TooManyRequests',
        `More than ${max} ${what} a minute from ${request.ip}; try again in ${retryAfter} s`,
        { 'Retry-After': String(retryAfter) },
      );
    },
  });
  app.addHook('onRequest', app.rateLimit());
}
