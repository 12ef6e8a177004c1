import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Atlas } from './atlas-db.ts';
import { LiveData } from './live-data.ts';
import { allowCrossOriginReads } from './cors.ts';
import { answerErrorsAsJson, clientErrors, frameworkErrors } from './errors.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { addRateLimits, type RateLimits } from './rate-limit.ts';
import { DEFAULT_RATE_LIMITS, type LogLevel } from './config.ts';
import { catalogueRoutes } from './routes/catalogue-routes.ts';
import { tileRoutes } from './routes/tile-routes.ts';
import { indicatorRoutes } from './routes/indicator-routes.ts';
import { communeRoutes } from './routes/commune-routes.ts';
import { contextRoutes } from './routes/context-routes.ts';
import { importRoutes } from './routes/import-routes.ts';
import { slideRoutes } from './routes/slide-routes.ts';
import { ogcRoutes } from './routes/ogc-routes.ts';
import { ogcStyleRoutes } from './routes/ogc-style-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { profileRoutes } from './routes/profile-routes.ts';
import { clientRoutes } from './routes/client-routes.ts';
import { RegisteredRoutes } from './ogc/registered-routes.ts';
import type { LocalStore } from '../local-store/local-store.ts';

export interface AppOptions {
  atlas: Atlas;
  clientDir: string;
  /**
   * The planners' local database; without it the atlas serves reference data only and has no import or slide routes.
   */
  local?: { store: LocalStore; writeToken: string | null };
  /** Requests per minute per client past which the answer is 429; loopback clients are never limited. */
  rateLimits?: RateLimits;
  /**
   * JSON lines on stdout at this level (Fastify's logger, pino): at "info" each request and its answer (method,
   * path, client address, status, time) under a request id; at "error" the server's own failures with their
   * stack. Headers (the write token) and bodies are never logged. Off by default (the tests).
   */
  logLevel?: LogLevel | false;
  /** The reverse proxies believed for the client's address, scheme and host (config.ts); null trusts none. */
  trustProxy?: string[] | number | null;
  /** The path prefix a reverse proxy serves the atlas under, for absolute links ("" at the root). */
  basePath?: string;
}

/** Builds the Fastify app: the same wiring serves `npm start` and the tests' app.inject(). */
export async function buildApp({
  atlas,
  clientDir,
  local,
  rateLimits = DEFAULT_RATE_LIMITS,
  logLevel = false,
  trustProxy = null,
  basePath = '',
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logLevel ? { level: logLevel } : false,
    // Fastify's types leave out the hop count that its proxy-addr accepts.
    trustProxy: (trustProxy ?? false) as string[] | boolean,
    // A trusted proxy's request id (nginx's $request_id) joins its log lines to ours; otherwise one of our own.
    requestIdHeader: trustProxy === null ? false : 'x-request-id',
    genReqId: () => randomBytes(6).toString('hex'),
    requestTimeout: 30_000,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler: clientErrors,
    // Unknown query parameters are refused, not silently dropped; errors keep their schema to name what was expected.
    ajv: { customOptions: { removeAdditional: false, verbose: true } },
  });
  // First, so that it sees every route: the OpenAPI document (/ogc/api) describes them all.
  RegisteredRoutes.collect(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  addSecurityHeaders(app);
  allowCrossOriginReads(app);
  answerErrorsAsJson(app);
  await addRateLimits(app, rateLimits);
  const live = new LiveData(atlas, local?.store ?? null);
  await app.register(healthRoutes, { atlas });
  await app.register(catalogueRoutes, { live });
  await app.register(tileRoutes, { atlas });
  await app.register(indicatorRoutes, { live });
  await app.register(communeRoutes, { live });
  await app.register(contextRoutes, { live });
  await app.register(ogcRoutes, { live, basePath });
  await app.register(ogcStyleRoutes);
  await app.register(profileRoutes, { live, basePath });
  if (local) {
    await app.register(importRoutes, { atlas, store: local.store, live, token: local.writeToken });
    await app.register(slideRoutes, { store: local.store, token: local.writeToken });
  }
  await app.register(clientRoutes, { clientDir });
  return app;
}
