import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { notFound } from '../api-error.ts';
import { WRITE_TOKEN } from '../ogc/registered-routes.ts';
import { writeGuard } from '../write-token.ts';
import { SLIDE_BODIES } from './slide-bodies.ts';
import { SlidesRejected, type LocalStore } from '../../local-store/local-store.ts';

/** The name a browser saves an export under. */
const EXPORT_FILE = 'atlas-slides.json';

const noQuery = { type: 'object', additionalProperties: false } as const;
const tags = ['Slides'];
const idParams = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the number of a slide' },
  },
} as const;

/**
 * Fastify's refusals of a body, in the words of these routes: the app's own wording speaks of imported files,
 * and a body that is not JSON may be one with a "__proto__" key, which the parser refuses on purpose.
 */
const BODY_ERRORS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is larger than the slide routes accept (JSON of at most 1 MB)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported Content-Type; send the body as application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the body is empty; send a JSON object as application/json',
  FST_ERR_CTP_INVALID_JSON_BODY:
    'the body is not valid JSON, or has a "__proto__" or "constructor" key (refused: they could change every object ' +
    'of the server)',
};

/** Refused writes answer 400 with every problem; other errors go on to the app's handler. */
function answerSlideErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SlidesRejected)
    return reply.code(400).send({ code: error.code, description: error.summary, errors: error.errors });
  const body = error.code === undefined ? undefined : BODY_ERRORS[error.code];
  if (body === undefined || error.statusCode === undefined) throw error;
  return reply
    .code(error.statusCode)
    .send({ code: error.code, description: `${request.method} ${JSON.stringify(request.url.split('?')[0])}: ${body}` });
}

/**
 * /api/slides: the presenter's deck of saved dashboard views, kept in the local database with the imports.
 * Reading is open; every write needs the write token, like the imports, and is checked whole before anything
 * changes. Bodies are JSON (at most 1 MB), checked by the deck's own rules rather than a schema, so that a
 * refusal lists every problem, each naming its field.
 */
export async function slideRoutes(app: FastifyInstance, { store, token }: { store: LocalStore; token: string | null }) {
  const guard = writeGuard(token, 'Editing slides through the API is off: start the server with ATLAS_WRITE_TOKEN set');
  // The token is checked first, before the body is read: a client without it cannot make the server hold a body.
  const checkToken = async (request: FastifyRequest) => guard(request);
  /** A write route: the token first; its schema says so, and that the body (if any) is JSON. */
  const write = (description: FastifySchema, params?: typeof idParams) => ({
    onRequest: checkToken,
    schema: {
      tags,
      security: WRITE_TOKEN,
      ...(description.requestBody ? { consumes: ['application/json'] } : {}),
      ...description,
      querystring: noQuery,
      ...(params ? { params } : {}),
    },
  });
  const { slides } = store;
  app.setErrorHandler(answerSlideErrors);

  const list = { summary: "The presenter's slides in order, and whether the server accepts writes", tags };
  app.get('/api/slides', { schema: { ...list, querystring: noQuery } }, (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { slides: slides.list(), writable: token !== null };
  });

  const exported = { summary: `The deck as a file to download, ${EXPORT_FILE}`, tags };
  app.get('/api/slides/export', { schema: { ...exported, querystring: noQuery } }, (_request, reply) =>
    reply
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="${EXPORT_FILE}"`)
      .type('application/json; charset=utf-8')
      // Indented: an export is a file people open, read and sometimes edit before importing it.
      .send(`${JSON.stringify(slides.exportDeck(), null, 2)}\n`),
  );

  const add = { summary: 'Add a slide last', requestBody: SLIDE_BODIES.add, successStatus: 201 } as const;
  app.post('/api/slides', write(add), (request, reply) => reply.code(201).send({ slide: slides.add(request.body) }));

  const change = { summary: "Change any of a slide's title, notes and state", requestBody: SLIDE_BODIES.change };
  app.patch('/api/slides/:id', write(change, idParams), (request) => {
    const { id } = request.params as { id: number };
    const slide = slides.update(id, request.body);
    if (!slide) throw notFound(`No slide ${id}; GET /api/slides lists them`);
    return { slide };
  });

  const order = { summary: 'Reorder the deck', requestBody: SLIDE_BODIES.order };
  app.put('/api/slides/order', write(order), (request) => ({ slides: slides.reorder(request.body) }));

  const remove = { summary: 'Remove a slide; the others close up', successStatus: 204 } as const;
  app.delete('/api/slides/:id', write(remove, idParams), (request, reply) => {
    const { id } = request.params as { id: number };
    if (!slides.remove(id)) throw notFound(`No slide ${id}; GET /api/slides lists them`);
    return reply.code(204).send();
  });

  const replace = { summary: 'Replace the whole deck with an exported one', requestBody: SLIDE_BODIES.import };
  app.post('/api/slides/import', write(replace), (request) => ({ slides: slides.importDeck(request.body) }));
}
