import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, notFound } from '../api-error.ts';
import type { Atlas } from '../atlas-db.ts';
import type { LiveData } from '../live-data.ts';
import { WRITE_TOKEN } from '../ogc/registered-routes.ts';
import { writeGuard } from '../write-token.ts';
import { IMPORT_KINDS, type ImportKind } from '../../vocabulary/import-kinds.ts';
import { ImportRejected, type LocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';

/** Largest file accepted: the importers' own limit, plus room for nothing else (the body is the file). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** The media types a file may be sent as: the body is read as bytes whatever it says. */
const FILE_TYPES = ['text/csv', 'application/geo+json', 'application/json', 'application/octet-stream'];
const tags = ['Imports'];

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
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/imports',
    {
      schema: {
        summary: "The planners' imports, and whether the server accepts imports",
        tags,
        querystring: { type: 'object', additionalProperties: false },
      },
    },
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
        summary: 'Import a file: stored whole, or refused with every problem and nothing stored',
        description:
          'The formats of each kind, with example files, are in examples/README.md. An official file whose every ' +
          'value the atlas already has stores nothing and answers 200 with import null and its summary.',
        tags,
        security: WRITE_TOKEN,
        consumes: FILE_TYPES,
        requestBody: {
          description: `The file as it is (at most ${MAX_FILE_BYTES / 1024 / 1024} MB): CSV or GeoJSON`,
          schema: { type: 'string', format: 'binary' },
        },
        successStatus: 201,
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
              // INSEE's zips hold their bases as .CSV.
              pattern: '^[\\w][\\w .()-]{0,119}\\.(csv|CSV|geojson|json)$',
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
        if (kind === 'official') {
          // An official file whose every value the atlas already has stores nothing: 200, no import, its summary.
          const official = store.importOfficialFile(name, request.body, reference);
          if (official.import) live.reload();
          return reply.code(official.import ? 201 : 200).send(official);
        }
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
        summary: 'Remove an import and all its rows',
        tags,
        security: WRITE_TOKEN,
        successStatus: 204,
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
