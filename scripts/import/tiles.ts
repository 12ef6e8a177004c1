import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { TILE_ZOOMS, TILESETS, type TilesetId } from '../../vocabulary/tiles.ts';
import type { BuildContext } from './context.ts';

/** The SQL of each tileset's features: its id property and its geometry as GeoJSON text. */
const FEATURES: Record<TilesetId, string> = {
  communes: 'SELECT code AS id, geometry FROM communes ORDER BY code',
  territories: 'SELECT id, geometry FROM territories WHERE geometry IS NOT NULL ORDER BY id',
};

/**
 * Cuts the communes and the territories' outlines into vector tiles (geojson-vt simplifies per zoom, vt-pbf
 * encodes) and stores every tile of each tileset's box, so the map draws 5,000 municipalities without
 * downloading their GeoJSON.
 */
export function importTiles(ctx: BuildContext): string {
  const tileset = ctx.db.prepare('INSERT INTO tilesets VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const tile = ctx.db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?, ?)');
  const summary: string[] = [];
  for (const [id, { idProperty }] of Object.entries(TILESETS) as [TilesetId, { idProperty: string }][]) {
    const rows = ctx.db.prepare(FEATURES[id]).all() as { id: string; geometry: string }[];
    const collection: FeatureCollection = {
      type: 'FeatureCollection',
      features: rows.map(
        (r): Feature => ({
          type: 'Feature',
          geometry: JSON.parse(r.geometry) as Geometry,
          properties: { [idProperty]: r.id },
        }),
      ),
    };
    const index = new GeoJSONVT(collection, { maxZoom: TILE_ZOOMS.max, indexMaxZoom: TILE_ZOOMS.max });
    const [west, south, east, north] = boundsOf(ctx, id);
    tileset.run(id, TILE_ZOOMS.min, TILE_ZOOMS.max, west, south, east, north, idProperty);
    let count = 0;
    let bytes = 0;
    for (let z = TILE_ZOOMS.min; z <= TILE_ZOOMS.max; z++) {
      const [x0, y0] = tileOf(west, north, z);
      const [x1, y1] = tileOf(east, south, z);
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const cut = index.getTile(z, x, y);
          const data = cut?.features.length
            ? Buffer.from(fromGeojsonVt({ [id]: cut }, { version: 2 }))
            : Buffer.alloc(0);
          tile.run(id, z, x, (1 << z) - 1 - y, data);
          count++;
          bytes += data.length;
        }
      }
    }
    summary.push(`${id} ${count} tiles, ${(bytes / 1e6).toFixed(1)} MB`);
  }
  return `${summary.join('; ')} (zooms ${TILE_ZOOMS.min}–${TILE_ZOOMS.max})`;
}

function boundsOf(ctx: BuildContext, id: TilesetId): [number, number, number, number] {
  const table = id === 'communes' ? 'communes' : 'territories';
  return ctx.db
    .prepare(`SELECT min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM ${table} WHERE geometry IS NOT NULL`)
    .raw()
    .get() as [number, number, number, number];
}

/** The tile holding a point at a zoom (Web Mercator, y from the north). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 1 << z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}
