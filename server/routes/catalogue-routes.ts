import type { FastifyInstance } from 'fastify';
import type { Atlas } from '../atlas-db.ts';
import { catalogue } from '../catalogue.ts';
import { prebuild, sendPrebuilt } from '../prebuilt.ts';

/** /api/sources and /api/layers: what the atlas holds and where every part of it comes from. */
export async function catalogueRoutes(app: FastifyInstance, { atlas }: { atlas: Atlas }) {
  const read = catalogue(atlas.db);
  const sources = prebuild({ sources: read.sources() }, atlas.buildId, 'sources');
  const layers = prebuild({ layers: read.layers() }, atlas.buildId, 'layers');
  app.get('/api/sources', (request, reply) => sendPrebuilt(request, reply, sources));
  app.get('/api/layers', (request, reply) => sendPrebuilt(request, reply, layers));
}
