import type { FastifyInstance } from 'fastify';
import { SECURITY_HEADERS } from '../vocabulary/security-headers.ts';

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });
  // Fastify answers one request itself, before any hook: the 503 on a kept-alive connection while the server
  // stops. Headers set on Node's response before Fastify sees the request are sent with that answer too.
  app.server.prependListener('request', (_request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  });
}
