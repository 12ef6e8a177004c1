import * as turf from '@turf/turf';
import type { Position } from 'geojson';
import { contains, roundPosition, type Area } from './geometry.ts';
import type { BuildContext } from './context.ts';

/**
 * Gives every commune the point its distances are measured from: the centroid of its polygon (the mean
 * of its vertices) when that lies inside the commune, otherwise a point on its surface. No sourced
 * "main settlement" point exists for all communes of both countries, so none is used. turf's point on the
 * surface can be a vertex, on the boundary: then the middle of the widest span of a horizontal line across the
 * polygon, which lies strictly inside.
 */
export function importReferencePoints(ctx: BuildContext): string {
  const update = ctx.db.prepare('UPDATE communes SET ref_lon = ?, ref_lat = ?, ref_method = ? WHERE code = ?');
  const rows = ctx.db.prepare('SELECT code, geometry FROM communes').all() as { code: string; geometry: string }[];
  let onSurface = 0;
  for (const { code, geometry } of rows) {
    const area = JSON.parse(geometry) as Area;
    const centroid = turf.centroid(area).geometry.coordinates;
    const inside = contains(area, centroid);
    const point = roundPosition(inside ? centroid : interiorPoint(area, code));
    if (!inside) onSurface++;
    update.run(point[0], point[1], inside ? 'centroid' : 'point-on-surface', code);
  }
  return `${rows.length} reference points (${rows.length - onSurface} centroids, ${onSurface} points on the surface)`;
}

const strictlyInside = (area: Area, point: Position) =>
  turf.booleanPointInPolygon(point, area, { ignoreBoundary: true });

function interiorPoint(area: Area, code: string): Position {
  const onSurface = turf.pointOnFeature(area).geometry.coordinates;
  if (strictlyInside(area, onSurface)) return onSurface;
  const parts: Area[] =
    area.type === 'Polygon' ? [area] : area.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }));
  // The largest part first; several latitudes across it, from the middle outwards, in case one runs along an edge.
  for (const part of parts.sort((a, b) => turf.area(b) - turf.area(a))) {
    const [, south, , north] = turf.bbox(part);
    for (const share of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
      const point = widestSpanMiddle(part, south + (north - south) * share);
      if (point && strictlyInside(area, roundPosition(point))) return point;
    }
  }
  throw new Error(`no point strictly inside the polygon of commune ${code} was found`);
}

/** The middle of the widest stretch of the parallel y that lies inside the area (even-odd over every ring). */
function widestSpanMiddle(area: Area, y: number): Position | null {
  const rings = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]! as [number, number];
      const [xj, yj] = ring[j]! as [number, number];
      if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
  }
  xs.sort((a, b) => a - b);
  let best: Position | null = null;
  let width = 0;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1]! - xs[i]! > width) {
      width = xs[i + 1]! - xs[i]!;
      best = [(xs[i]! + xs[i + 1]!) / 2, y];
    }
  }
  return best;
}
