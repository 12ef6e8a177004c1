import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A response body computed once per data release and kept as a Buffer: sending a Buffer costs no
 * serialisation or re-encoding per request (see DESIGN.md). The ETag changes with the release.
 */
export interface Prebuilt {
  body: Buffer;
  etag: string;
  contentType: string;
}

/** Browsers and proxies may reuse a response for 5 minutes, then revalidate with the ETag. */
const CACHE_CONTROL = 'public, max-age=300';

export function prebuild(value: unknown, buildId: string, name: string, contentType = 'application/json; charset=utf-8'): Prebuilt {
  return { body: Buffer.from(JSON.stringify(value)), etag: `"${buildId}-${name}"`, contentType };
}

export function sendPrebuilt(request: FastifyRequest, reply: FastifyReply, prebuilt: Prebuilt): FastifyReply {
  reply.header('ETag', prebuilt.etag).header('Cache-Control', CACHE_CONTROL);
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === prebuilt.etag)) {
    return reply.code(304).send();
  }
  return reply.type(prebuilt.contentType).send(prebuilt.body);
}
