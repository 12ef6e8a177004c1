import Fastify, { type FastifyInstance } from 'fastify';
import type { Atlas } from './atlas-db.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { catalogueRoutes } from './routes/catalogue-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { clientRoutes } from './routes/client-routes.ts';

export interface AppOptions {
  atlas: Atlas;
  clientDir: string;
  logger?: boolean;
}

/** Builds the Fastify app: the same wiring serves `npm start` and the tests' app.inject(). */
export async function buildApp({ atlas, clientDir, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger, requestTimeout: 30_000, bodyLimit: 1_048_576 });
  addSecurityHeaders(app);
  await app.register(healthRoutes, { atlas });
  await app.register(catalogueRoutes, { atlas });
  await app.register(clientRoutes, { clientDir });
  return app;
}
