import Fastify, { type FastifyInstance } from 'fastify';
import type { Atlas } from './atlas-db.ts';
import { readAtlasData } from './atlas-data.ts';
import { allowCrossOriginReads } from './cors.ts';
import { answerErrorsAsJson } from './errors.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { catalogueRoutes } from './routes/catalogue-routes.ts';
import { indicatorRoutes } from './routes/indicator-routes.ts';
import { ogcRoutes } from './routes/ogc-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { clientRoutes } from './routes/client-routes.ts';

export interface AppOptions {
  atlas: Atlas;
  clientDir: string;
  logger?: boolean;
}

/** Builds the Fastify app: the same wiring serves `npm start` and the tests' app.inject(). */
export async function buildApp({ atlas, clientDir, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    requestTimeout: 30_000,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Unknown query parameters are refused, not silently dropped; errors keep their schema to name what was expected.
    ajv: { customOptions: { removeAdditional: false, verbose: true } },
  });
  addSecurityHeaders(app);
  allowCrossOriginReads(app);
  answerErrorsAsJson(app);
  const data = readAtlasData(atlas);
  await app.register(healthRoutes, { atlas });
  await app.register(catalogueRoutes, { data });
  await app.register(indicatorRoutes, { data });
  await app.register(ogcRoutes, { data });
  await app.register(clientRoutes, { clientDir });
  return app;
}
