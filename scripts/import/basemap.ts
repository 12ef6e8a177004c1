import * as turf from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { InputError } from '../../vocabulary/input-error.ts';
import { readLine, type Bbox } from './geometry.ts';
import { sourceFeatures, sourcePackageJson, type BuildContext } from './context.ts';

/**
 * The Alps from the Ligurian coast to Carinthia and Bavaria: every territory of the atlas, with a margin
 * so that panning a little never shows the edge of the background.
 */
export const BASEMAP_BBOX: Bbox = [4.5, 43.0, 16.5, 48.5];

/** Four decimals (about 10 m): finer than Natural Earth's 1:10m and GSHHG's full resolution need. */
const SCALE = 1e4;

const LINE_SOURCES = [
  { layer: 'borders', source: 'gshhg-borders-hautes-vallees' },
  { layer: 'rivers', source: 'gshhg-rivers-hautes-vallees' },
  { layer: 'lake-shores', source: 'gshhg-lake-shores-hautes-vallees' },
] as const;

const NATURAL_EARTH = 'natural-earth-countries-10m';
const NATURAL_EARTH_FILE = 'countries-10m.json';

export async function importBasemap(ctx: BuildContext): Promise<string> {
  const insert = ctx.db.prepare('INSERT INTO basemap (layer, name, geometry, source_id) VALUES (?, ?, ?, ?)');
  const counts: string[] = [];
  const topology = sourcePackageJson(ctx, NATURAL_EARTH, NATURAL_EARTH_FILE) as Topology;
  for (const layer of ['land', 'countries'] as const) {
    const object = topology.objects?.[layer] as GeometryCollection<{ name?: string }> | undefined;
    if (object?.type !== 'GeometryCollection') {
      throw new InputError({ file: NATURAL_EARTH_FILE, field: `objects.${layer}` }, 'a TopoJSON GeometryCollection');
    }
    const clipped = feature(topology, object)
      .features.map(clipToBasemap)
      .filter((f) => f !== null);
    clipped.forEach((f) => {
      insert.run(layer, f.properties?.name ?? null, JSON.stringify(f.geometry), NATURAL_EARTH);
    });
    counts.push(`${clipped.length} ${layer}`);
  }
  for (const { layer, source } of LINE_SOURCES) {
    const { file, features } = await sourceFeatures(ctx, source);
    for (const f of features) {
      const coordinates = readLine(f.geometry, { file, feature: f.index }).map(round);
      insert.run(layer, null, JSON.stringify({ type: 'LineString', coordinates }), source);
    }
    counts.push(`${features.length} ${layer}`);
  }
  return `${counts.join(', ')}`;
}

/** The part of a land or country polygon inside the basemap box, or null when none is. */
function clipToBasemap(f: Feature<Geometry | null, { name?: string } | null>): Feature<Polygon | MultiPolygon> | null {
  const g = f.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
  const [minLon, minLat, maxLon, maxLat] = turf.bbox(g);
  const [bMinLon, bMinLat, bMaxLon, bMaxLat] = BASEMAP_BBOX;
  if (maxLon < bMinLon || minLon > bMaxLon || maxLat < bMinLat || minLat > bMaxLat) return null;
  const clipped = turf.bboxClip(turf.feature(g, f.properties), BASEMAP_BBOX) as Feature<Polygon | MultiPolygon>;
  const polygons = (clipped.geometry.type === 'Polygon' ? [clipped.geometry.coordinates] : clipped.geometry.coordinates)
    .map((rings) => rings.map((ring) => ring.map(round)).filter((ring) => ring.length >= 4))
    .filter((rings) => rings.length > 0);
  if (polygons.length === 0) return null;
  return turf.feature({ type: 'MultiPolygon', coordinates: polygons }, f.properties ?? {});
}

function round([lon, lat]: Position): Position {
  return [Math.round(lon! * SCALE) / SCALE, Math.round(lat! * SCALE) / SCALE];
}
