import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';

/** Requests a client may make per minute: reads (GET, HEAD) and writes (imports); 0 turns a limit off. */
export interface RateLimits {
  readsPerMinute: number;
  writesPerMinute: number;
}

const WINDOW_MS = 60_000;
/** Clients remembered at most; beyond it, the windows that ended are forgotten first. */
const MAX_CLIENTS = 10_000;

const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

/**
 * Counts each client's requests in fixed one-minute windows and answers 429 with Retry-After (seconds
 * to the window's end) past the limit. Loopback clients (the dashboard on the presenter's own laptop,
 * `npm run import` neighbours, the benchmarks) are never limited. The count is per IP address as Fastify
 * sees it: behind a reverse proxy, start Fastify with trustProxy so clients are told apart.
 */
export function addRateLimits(app: FastifyInstance, limits: RateLimits, now: () => number = Date.now): void {
  const windows = new Map<string, { start: number; count: number }>();

  const forget = (time: number) => {
    for (const [key, window] of windows) if (time - window.start >= WINDOW_MS) windows.delete(key);
    // Still full of clients active this very minute: the oldest windows go.
    for (const key of windows.keys()) {
      if (windows.size < MAX_CLIENTS) break;
      windows.delete(key);
    }
  };

  const count = (request: FastifyRequest, kind: 'read' | 'write', limit: number) => {
    const time = now();
    const key = `${kind} ${request.ip}`;
    let window = windows.get(key);
    if (!window || time - window.start >= WINDOW_MS) {
      if (!window && windows.size >= MAX_CLIENTS) forget(time);
      window = { start: time, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - time) / 1000));
      throw new ApiError(429, 'TooManyRequests',
        `More than ${limit} ${kind === 'read' ? 'requests' : 'writes'} a minute from ${request.ip}; try again in ${retryAfter} s`, { 'Retry-After': String(retryAfter) });
    }
  };

  app.addHook('onRequest', async (request) => {
    if (isLoopback(request.ip)) return;
    const write = request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';
    const limit = write ? limits.writesPerMinute : limits.readsPerMinute;
    if (limit > 0) count(request, write ? 'write' : 'read', limit);
  });
}
