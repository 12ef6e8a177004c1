import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';
import { SECURITY_HEADERS } from '../vocabulary/security-headers.ts';

/** What an ajv error says, in the words of the API: which parameter, what was expected. */
function describeValidation(error: FastifyError): string {
  // ajv's verbose mode adds the failing value and its schema to each error.
  const first = error.validation![0]! as NonNullable<FastifyError['validation']>[number] & {
    parentSchema?: unknown;
    data?: unknown;
  };
  const where = error.validationContext === 'params' ? 'Path segment' : 'Parameter';
  if (first.keyword === 'additionalProperties') {
    const name = (first.params as { additionalProperty: string }).additionalProperty;
    const allowed = Object.keys((first.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    return (
      `${where} "${name}" is not accepted here; expected ` +
      `${allowed.length ? `one of: ${allowed.join(', ')}` : 'no parameters'}`
    );
  }
  const name = first.instancePath.replace(/^\//, '');
  const schema = first.parentSchema as { description?: string; enum?: string[] } | undefined;
  const expected = schema?.enum
    ? `expected one of ${schema.enum.join(', ')}`
    : first.keyword === 'pattern'
      ? `expected ${schema?.description}`
      : `${first.message ?? 'invalid'}${schema?.description ? ` (${schema.description})` : ''}`;
  return `${where} "${name}": ${expected}, got ${JSON.stringify(first.data)}`;
}

/** Only the import routes take a body: a file of at most 5 MB, as CSV or GeoJSON. */
const BODY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is larger than this route accepts (an imported file: at most 5 MB)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'unsupported Content-Type; send the file as text/csv, application/geo+json, application/json or ' +
    'application/octet-stream',
  FST_ERR_CTP_EMPTY_TYPE:
    'no Content-Type; send the file as text/csv, application/geo+json, application/json or application/octet-stream',
};

/** A path as an error may quote it: at most 200 characters, so a huge request is not echoed back whole. */
const shortPath = (url: string) => {
  const path = url.split('?')[0]!;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
};
const quotedPath = (url: string) => JSON.stringify(shortPath(url));

/**
 * Errors Fastify meets before routing (a bad percent-escape, a path segment over the length limit),
 * answered in the API's JSON form: Fastify's own body would quote the whole URL. No hook runs on these
 * answers, so they are given the security headers here.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const description =
    error.code === 'FST_ERR_BAD_URL'
      ? `${request.method} ${quotedPath(request.url)}: the path is not valid percent-encoded UTF-8`
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? `${request.method} ${quotedPath(request.url)}: a path segment is longer than 200 characters`
        : `${request.method} ${quotedPath(request.url)}: ${error.message}`;
  void reply
    .code(status)
    .headers(SECURITY_HEADERS)
    .send({ code: status === 414 ? 'UriTooLong' : 'InvalidPath', description });
}

/**
 * Errors as JSON: 400 for a bad parameter, 404 for an unknown resource. Anything
 * else is a defect of ours: it is logged and answered 500 without details.
 */
export function answerErrorsAsJson(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      reply.headers(error.headers);
      return reply.code(error.statusCode).send({ code: error.code, description: error.description });
    }
    if (error.validation) {
      return reply.code(400).send({ code: 'InvalidParameterValue', description: describeValidation(error) });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Errors of Fastify or of the static file server: name the path, and what was expected where their message is
      // terse.
      const description = BODY_ERRORS[error.code] ?? error.message;
      const code =
        error.code ?? (error.statusCode === 403 ? 'Forbidden' : error.statusCode === 404 ? 'NotFound' : 'BadRequest');
      return reply
        .code(error.statusCode)
        .send({ code, description: `${request.method} ${quotedPath(request.url)}: ${description}` });
    }
    request.log.error(error);
    return reply
      .code(500)
      .send({ code: 'InternalError', description: 'The server failed to answer; the error is logged.' });
  });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).send({
      code: 'NotFound',
      description: `Nothing at ${request.method} ${shortPath(request.url)}; /ogc lists the API`,
    });
  app.setNotFoundHandler(notFound);
  // An API path no route takes is unknown, whatever it looks like: the client's static files never answer it.
  for (const prefix of ['/api/*', '/ogc/*']) app.route({ method: ['GET', 'HEAD'], url: prefix, handler: notFound });
}

/** What Node's HTTP parser refused before any request existed, in the API's words. */
const CLIENT_ERRORS: Record<string, { status: number; description: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, description: 'the request did not complete within 30 s' },
  HPE_HEADER_OVERFLOW: { status: 431, description: 'the request headers are larger than the server accepts' },
};

/**
 * Answers to connections Node's parser gives up on (a request past its time, headers too large, malformed HTTP):
 * as Fastify's own handler does, but in the API's JSON form and with the security headers, which no hook can add
 * to these answers.
 */
export function clientErrors(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, description } = CLIENT_ERRORS[error.code ?? ''] ?? {
    status: 400,
    description: 'the request is not valid HTTP/1.1',
  };
  const body = JSON.stringify({ code: STATUS_CODES[status]!.replace(/ /g, ''), description });
  const headers = {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  if (socket.writable) {
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
