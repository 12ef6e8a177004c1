import type { FastifyInstance } from 'fastify';
import { notFound } from '../api-error.ts';
import type { Atlas } from '../atlas-db.ts';
import { prebuild, sendPrebuilt, type Prebuilt } from '../prebuilt.ts';
import { TILE_MEDIA_TYPE, TILESETS } from '../../vocabulary/tiles.ts';

/**
 * /tiles/{tileset}/{z}/{x}/{y}.pbf: the vector tiles the build made, read once (a few megabytes) and sent as
 * prebuilt bodies: weak ETag of the build, 304, brotli or gzip made once per tile off the event loop. The
 * tiles do not change with the planners' imports (they carry ids only), so their ETag is the build's.
 */
export async function tileRoutes(app: FastifyInstance, { atlas }: { atlas: Atlas }) {
  const tiles = new Map<string, Prebuilt>();
  const rows = atlas.db
    .prepare('SELECT tileset, zoom_level AS z, tile_column AS x, tile_row AS row, tile_data AS data FROM tiles')
    .all() as { tileset: string; z: number; x: number; row: number; data: Buffer }[];
  for (const { tileset, z, x, row, data } of rows) {
    const y = (1 << z) - 1 - row;
    const key = `${tileset}/${z}/${x}/${y}`;
    tiles.set(
      key,
      prebuild(data, `${atlas.buildId}-tile-${key.replaceAll('/', '-')}`, TILE_MEDIA_TYPE, { compression: 'fast' }),
    );
  }
  const integer = { type: 'integer', minimum: 0 } as const;
  app.get(
    '/tiles/:tileset/:z/:x/:y.pbf',
    {
      schema: {
        summary: 'A vector tile (Mapbox Vector Tile 2.1) of the communes or the territories: ids only, no values',
        tags: ['Tiles'],
        produces: [TILE_MEDIA_TYPE],
        params: {
          type: 'object',
          properties: {
            tileset: { type: 'string', enum: Object.keys(TILESETS), description: 'The collection the tiles cut' },
            z: { ...integer, description: 'Zoom level' },
            x: { ...integer, description: 'Column, from the west' },
            y: { ...integer, description: 'Row, from the north (XYZ, as MapLibre asks)' },
          },
        },
        querystring: { type: 'object', additionalProperties: false },
      },
    },
    (request, reply) => {
      const { tileset, z, x, y } = request.params as { tileset: string; z: number; x: number; y: number };
      const found = tiles.get(`${tileset}/${z}/${x}/${y}`);
      if (!found) throw notFound(`No tile ${tileset}/${z}/${x}/${y}: the tileset holds zooms and a box of the Alps`);
      return sendPrebuilt(request, reply, found);
    },
  );
}
