import type { FastifyInstance } from 'fastify';
import type { Atlas } from '../atlas-db.ts';

/** /healthz: ready when the database answers a query; used by load balancers and start-up scripts. */
export async function healthRoutes(app: FastifyInstance, { atlas }: { atlas: Atlas }) {
  const probe = atlas.db.prepare('SELECT count(*) FROM communes').pluck();
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Ready when the database answers: {status, build, communes}; 503 once the server is stopping',
        tags: ['Health'],
        querystring: { type: 'object', additionalProperties: false },
      },
    },
    (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { status: 'ready', build: atlas.buildId, communes: probe.get() };
    },
  );
}
