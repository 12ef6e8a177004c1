import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { InputError, type InputLocation } from '../../vocabulary/input-error.ts';

export type Area = Polygon | MultiPolygon;
export type Bbox = [number, number, number, number];

/** Six decimals of a degree are about 0.1 m: finer than any source here, and what RFC 7946 recommends. */
const DECIMALS = 6;
const SCALE = 10 ** DECIMALS;

export function roundPosition([lon, lat]: Position): Position {
  return [Math.round(lon! * SCALE) / SCALE, Math.round(lat! * SCALE) / SCALE];
}

/**
 * Checks a commune-like polygon as it comes from a file: a Polygon or MultiPolygon whose rings are
 * closed, have at least four positions, and hold finite longitude/latitude pairs in range.
 */
export function readArea(geometry: unknown, where: Omit<InputLocation, 'field'>): Area {
  const fail = (expected: string, got?: unknown): never => {
    throw new InputError({ ...where, field: 'geometry' }, expected, got);
  };
  if (!geometry || typeof geometry !== 'object') fail('a Polygon or MultiPolygon geometry', geometry ?? null);
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') fail('a Polygon or MultiPolygon geometry', type);
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0) fail(`${type} coordinates`);
  (polygons as unknown[]).forEach((rings, p) => {
    if (!Array.isArray(rings) || rings.length === 0) fail(`polygon ${p} to have at least one ring`);
    (rings as unknown[]).forEach((ring, r) => {
      const at = `polygon ${p}, ring ${r}`;
      if (!Array.isArray(ring) || ring.length < 4)
        fail(`${at} to have at least 4 positions`, Array.isArray(ring) ? `${ring.length}` : ring);
      (ring as unknown[]).forEach((pos, i) => {
        readPosition(pos, (e, g) => fail(`${at}, position ${i}: ${e}`, g));
      });
      const first = (ring as Position[])[0]!;
      const last = (ring as Position[])[(ring as Position[]).length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1])
        fail(`${at} to be closed (last position equal to the first)`, [first, last]);
    });
  });
  return rewindArea(geometry as Area);
}

export function readPoint(geometry: unknown, where: Omit<InputLocation, 'field'>): Position {
  const fail = (expected: string, got?: unknown): never => {
    throw new InputError({ ...where, field: 'geometry' }, expected, got);
  };
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g?.type !== 'Point') fail('a Point geometry', g?.type ?? null);
  return roundPosition(readPosition(g!.coordinates, fail));
}

/** Checks a LineString as it comes from a file: at least two finite longitude/latitude pairs in range. */
export function readLine(geometry: unknown, where: Omit<InputLocation, 'field'>): Position[] {
  const fail = (expected: string, got?: unknown): never => {
    throw new InputError({ ...where, field: 'geometry' }, expected, got);
  };
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (g?.type !== 'LineString') fail('a LineString geometry', g?.type ?? null);
  if (!Array.isArray(g!.coordinates) || g!.coordinates.length < 2) fail('a LineString of at least 2 positions');
  return (g!.coordinates as unknown[]).map((pos, i) => readPosition(pos, (e, got) => fail(`position ${i}: ${e}`, got)));
}

function readPosition(pos: unknown, fail: (expected: string, got?: unknown) => never): Position {
  if (!Array.isArray(pos) || pos.length < 2) fail('a [longitude, latitude] pair', pos);
  const [lon, lat] = pos as unknown[];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    fail('a longitude between -180 and 180', lon);
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    fail('a latitude between -90 and 90', lat);
  return [lon as number, lat as number];
}

/** RFC 7946 winding (exterior rings counter-clockwise) and six decimals; some sources use the older order. */
function rewindArea(area: Area): Area {
  const rewound = turf.rewind(turf.feature(area), { reverse: false }) as Feature<Area>;
  return roundArea(rewound.geometry);
}

function roundArea(area: Area): Area {
  const ring = (r: Position[]) => r.map(roundPosition);
  return area.type === 'Polygon'
    ? { type: 'Polygon', coordinates: area.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: area.coordinates.map((p) => p.map(ring)) };
}

/** Dissolves several areas into one (shared edges removed), as when 2018 communes merged. */
export function dissolve(areas: Area[]): Area {
  if (areas.length === 1) return areas[0]!;
  const merged = turf.union(turf.featureCollection(areas.map((a) => turf.feature(a))));
  if (!merged) throw new Error('dissolving produced an empty geometry');
  return rewindArea(merged.geometry);
}

/** Geodesic area in km² on a spherical Earth (turf's mean radius 6 371 008.8 m). */
export function areaKm2(area: Area): number {
  return turf.area(turf.feature(area)) / 1e6;
}

export function bboxOf(geometry: Area | { type: 'LineString'; coordinates: Position[] }): Bbox {
  return turf.bbox(geometry) as Bbox;
}

export function contains(area: Area, point: Position): boolean {
  return turf.booleanPointInPolygon(point, area);
}
