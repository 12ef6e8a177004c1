import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, notFound } from '../api-error.ts';
import type { Atlas } from '../atlas-db.ts';
import type { LiveData } from '../live-data.ts';
import { writeGuard } from '../write-token.ts';
import { IMPORT_KINDS, type ImportKind } from '../../vocabulary/import-kinds.ts';
import { ImportRejected, type LocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';

/** Largest file accepted: the importers' own limit, plus room for nothing else (the body is the file). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * /api/imports: the planners' own figures, kept in the local database apart from the rebuilt reference data.
 * Listing is open; importing and removing need the write token. A file is stored whole or not at all.
 */
export async function importRoutes(
  app: FastifyInstance,
  { atlas, store, live, token }: { atlas: Atlas; store: LocalStore; live: LiveData; token: string | null },
) {
  const guard = writeGuard(token);
  const reference = importReference(atlas.db);
  // The body is the file as uploaded, read as bytes: the importer checks its encoding and format.
  app.addContentTypeParser(
    ['text/csv', 'application/geo+json', 'application/json', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/imports',
    { schema: { querystring: { type: 'object', additionalProperties: false } } },
    (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { imports: store.list(), writable: token !== null };
    },
  );

  // The token is checked first, before the body is read: a client without it cannot make the server hold a file.
  const checkToken = async (request: FastifyRequest) => guard(request);

  app.post(
    '/api/imports/:kind',
    {
      onRequest: checkToken,
      bodyLimit: MAX_FILE_BYTES,
      schema: {
        params: {
          type: 'object',
          properties: { kind: { type: 'string', enum: IMPORT_KINDS, description: 'What the file holds' } },
          required: ['kind'],
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: {
              type: 'string',
              pattern: '^[\\w][\\w .()-]{0,119}\\.(csv|geojson|json)$',
              description: 'the file name, ending in .csv, .geojson or .json',
            },
          },
        },
      },
    },
    (request, reply) => {
      const { kind } = request.params as { kind: ImportKind };
      const { name } = request.query as { name: string };
      if (!Buffer.isBuffer(request.body)) {
        throw new ApiError(
          400,
          'InvalidFile',
          'Send the file as the request body with Content-Type text/csv, application/geo+json or application/json',
        );
      }
      try {
        const record = store.importFile(kind, name, request.body, reference);
        live.reload();
        return reply.code(201).send({ import: record });
      } catch (error) {
        if (!(error instanceof ImportRejected)) throw error;
        return reply.code(400).send({
          code: 'InvalidFile',
          description:
            `${name} was not imported: ${error.errors.length} ` +
            `problem${error.errors.length === 1 ? '' : 's'}; nothing was stored`,
          errors: error.errors.map((e) => e.message),
        });
      }
    },
  );

  app.delete(
    '/api/imports/:id',
    {
      onRequest: checkToken,
      schema: {
        params: {
          type: 'object',
          properties: {
            id: {
              type: 'integer',
              minimum: 1,
              maximum: Number.MAX_SAFE_INTEGER,
              description: 'the number of an import',
            },
          },
          required: ['id'],
        },
        querystring: { type: 'object', additionalProperties: false },
      },
    },
    (request, reply) => {
      const { id } = request.params as { id: number };
      if (!store.remove(id)) throw notFound(`No import ${id}; GET /api/imports lists them`);
      live.reload();
      return reply.code(204).send();
    },
  );
}
