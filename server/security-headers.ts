import type { FastifyInstance } from 'fastify';
import { SECURITY_HEADERS } from '../vocabulary/security-headers.ts';

export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });
}
