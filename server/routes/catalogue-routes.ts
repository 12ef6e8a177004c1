import type { FastifyInstance } from 'fastify';
import { notFound } from '../api-error.ts';
import { perRelease, type LiveData } from '../live-data.ts';
import { prebuild, prebuildJson, sendPrebuilt } from '../prebuilt.ts';

/**
 * /api/sources, /api/layers and /api/basemap: what the atlas holds, where every part of it comes from, and the map's
 * background.
 */
export async function catalogueRoutes(app: FastifyInstance, { live }: { live: LiveData }) {
  const bodies = perRelease(live, (data) => ({
    sources: prebuildJson({ sources: data.sources }, data.buildId, 'sources'),
    layers: prebuildJson({ layers: data.layerRecords }, data.buildId, 'layers'),
    source: new Map(data.sources.map((s) => [s.id, prebuildJson(s, data.buildId, `source-${s.id}`)])),
    basemap: prebuild(data.basemap, `${data.buildId}-basemap`, 'application/geo+json'),
  }));
  const querystring = { type: 'object', additionalProperties: false };
  const tags = ['Catalogue'];
  const sources = {
    summary: 'Every source: publisher, licence, upstream URL, vintage, derivation, checksum or package version',
    tags,
    querystring,
  };
  const layers = { summary: 'Every layer: titles and descriptions, geometry type, feature count, sources', tags };
  const basemap = {
    summary: "The map's background: land, countries, borders, rivers and lake shores, each feature with its source",
    tags,
    produces: ['application/geo+json'],
  };
  const source = {
    summary: 'One source',
    tags,
    params: {
      type: 'object',
      properties: { sourceId: { type: 'string', description: 'The id of a source, as /api/sources lists them' } },
    },
  };
  app.get('/api/sources', { schema: sources }, (request, reply) => sendPrebuilt(request, reply, bodies().sources));
  app.get('/api/layers', { schema: { ...layers, querystring } }, (request, reply) =>
    sendPrebuilt(request, reply, bodies().layers),
  );
  app.get('/api/basemap', { schema: { ...basemap, querystring } }, (request, reply) =>
    sendPrebuilt(request, reply, bodies().basemap),
  );
  app.get('/api/sources/:sourceId', { schema: { ...source, querystring } }, (request, reply) => {
    const { sourceId } = request.params as { sourceId: string };
    const found = bodies().source.get(sourceId);
    if (!found) throw notFound(`No source "${sourceId}"; /api/sources lists them`);
    return sendPrebuilt(request, reply, found);
  });
}
