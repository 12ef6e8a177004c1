import type { FastifyInstance } from 'fastify';
import { notFound } from '../api-error.ts';
import type { AtlasData } from '../atlas-data.ts';
import { prebuild, prebuildJson, sendPrebuilt } from '../prebuilt.ts';

/** /api/sources, /api/layers and /api/basemap: what the atlas holds, where every part of it comes from, and the map's background. */
export async function catalogueRoutes(app: FastifyInstance, { data }: { data: AtlasData }) {
  const sources = prebuildJson({ sources: data.sources }, data.buildId, 'sources');
  const layers = prebuildJson({ layers: data.layerRecords }, data.buildId, 'layers');
  const source = new Map(data.sources.map((s) => [s.id, prebuildJson(s, data.buildId, `source-${s.id}`)]));
  const basemap = prebuild(data.basemap, `${data.buildId}-basemap`, 'application/geo+json');
  const noQuery = { querystring: { type: 'object', additionalProperties: false } };
  app.get('/api/sources', { schema: noQuery }, (request, reply) => sendPrebuilt(request, reply, sources));
  app.get('/api/layers', { schema: noQuery }, (request, reply) => sendPrebuilt(request, reply, layers));
  app.get('/api/basemap', { schema: noQuery }, (request, reply) => sendPrebuilt(request, reply, basemap));
  app.get('/api/sources/:sourceId', { schema: noQuery }, (request, reply) => {
    const { sourceId } = request.params as { sourceId: string };
    const found = source.get(sourceId);
    if (!found) throw notFound(`No source "${sourceId}"; /api/sources lists them`);
    return sendPrebuilt(request, reply, found);
  });
}
