import type { FastifyInstance } from 'fastify';

const API_PATH = /^\/(ogc|api)(\/|$|\?)/;

/**
 * The data API may be read from any origin (notebooks, other sites): it is public and read-only, and
 * takes no credentials. Pre-flight requests (a conditional GET sends If-None-Match) are answered too.
 */
export function allowCrossOriginReads(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!API_PATH.test(request.url)) return done();
    reply.header('Access-Control-Allow-Origin', '*');
    reply.header('Access-Control-Expose-Headers', 'ETag, Content-Language, Content-Length');
    if (request.method === 'OPTIONS') {
      reply.header('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      reply.header('Access-Control-Allow-Headers', 'Accept, Accept-Language, If-None-Match');
      reply.header('Access-Control-Max-Age', '86400');
      return reply.code(204).send();
    }
    done();
  });
}
