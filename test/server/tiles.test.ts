import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TILE_MEDIA_TYPE, TILE_ZOOMS, tileUrl } from '../../vocabulary/tiles.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * /tiles/{tileset}/{z}/{x}/{y}.pbf: the vector tiles of the build, decoded with @mapbox/vector-tile (the decoder
 * MapLibre's own stack uses), checked against the communes and territories tables.
 */

const real = useRealApp();
const get = (url: string, headers: Record<string, string> = {}) => real.app.inject({ url, headers });

/** The tile holding a point (Web Mercator, y from the north). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  ];
}

const decode = (body: Buffer) => new VectorTile(new PbfReader(body));

describe('vector tiles', () => {
  it('serve the communes around Briançon, each feature carrying only its code', async () => {
    const briancon = real.atlas.db
      .prepare("SELECT ref_lon AS lon, ref_lat AS lat FROM communes WHERE code = '05023'")
      .get() as { lon: number; lat: number };
    const [x, y] = tileOf(briancon.lon, briancon.lat, 10);
    const response = await get(tileUrl('communes', 10, x, y));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(TILE_MEDIA_TYPE);
    const layer = decode(response.rawPayload).layers.communes!;
    expect(layer.version).toBe(2);
    const codes = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.code);
    expect(codes).toContain('05023');
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      expect(Object.keys(feature.properties)).toEqual(['code']);
      expect(feature.type).toBe(3);
    }
    // Every commune drawn in the tile is one whose box reaches the tile (with the tile's buffer).
    const inBox = real.atlas.db.prepare('SELECT count(*) FROM communes WHERE code = ?').pluck();
    for (const code of codes) expect(inBox.get(code)).toBe(1);
  });

  it('cover every municipality of every country at the highest zoom', async () => {
    // At the lowest zooms geojson-vt drops polygons smaller than a pixel, as a map would not draw them.
    const ids = new Set<string>();
    const tiles = real.atlas.db
      .prepare(
        `SELECT tile_column AS x, (1 << zoom_level) - 1 - tile_row AS y FROM tiles
        WHERE tileset = 'communes' AND zoom_level = ?`,
      )
      .all(TILE_ZOOMS.max) as { x: number; y: number }[];
    for (const { x, y } of tiles) {
      const response = await get(tileUrl('communes', TILE_ZOOMS.max, x, y));
      if (response.rawPayload.length === 0) continue;
      const layer = decode(response.rawPayload).layers.communes!;
      for (let i = 0; i < layer.length; i++) ids.add(String(layer.feature(i).properties.code));
    }
    const all = real.atlas.db.prepare('SELECT code FROM communes').pluck().all() as string[];
    expect([...ids].sort()).toEqual([...all].sort());
  });

  it('outline the territories, the Alpine Convention perimeter included', async () => {
    const [x, y] = tileOf(10, 46.5, 5);
    const layer = decode((await get(tileUrl('territories', 5, x, y))).rawPayload).layers.territories!;
    const ids = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.territory);
    expect(ids).toContain('alpine-convention');
  });

  it('answer 304 to their ETag, and brotli when asked', async () => {
    const [x, y] = tileOf(6.64, 44.9, 8);
    const url = tileUrl('communes', 8, x, y);
    const plain = await get(url);
    expect(plain.headers.etag).toMatch(/^W\/"/);
    expect((await get(url, { 'if-none-match': String(plain.headers.etag) })).statusCode).toBe(304);
    const br = await get(url, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('answer an empty tile inside the box with no bytes, and 404 outside it or beyond the zooms', async () => {
    const empty = real.atlas.db
      .prepare(
        `SELECT zoom_level AS z, tile_column AS x, (1 << zoom_level) - 1 - tile_row AS y FROM tiles
        WHERE tileset = 'communes' AND length(tile_data) = 0 LIMIT 1`,
      )
      .get() as { z: number; x: number; y: number };
    const response = await get(tileUrl('communes', empty.z, empty.x, empty.y));
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.length).toBe(0);
    expect((await get(tileUrl('communes', 10, 0, 0))).statusCode).toBe(404);
    expect((await get(tileUrl('communes', TILE_ZOOMS.max + 1, 1060, 730))).statusCode).toBe(404);
    expect((await get('/tiles/unknown/4/8/5.pbf')).statusCode).toBe(400);
    expect((await get('/tiles/communes/4/8/x.pbf')).statusCode).toBe(400);
  });
});
