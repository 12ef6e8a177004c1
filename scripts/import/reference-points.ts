import * as turf from '@turf/turf';
import { contains, roundPosition, type Area } from './geometry.ts';
import type { BuildContext } from './context.ts';

/**
 * Gives every commune the point its distances are measured from: the centroid of its polygon (the mean
 * of its vertices) when that lies inside the commune, otherwise a point on its surface. No sourced
 * "main settlement" point exists for all communes of both countries, so none is used.
 */
export function importReferencePoints(ctx: BuildContext): string {
  const update = ctx.db.prepare('UPDATE communes SET ref_lon = ?, ref_lat = ?, ref_method = ? WHERE code = ?');
  const rows = ctx.db.prepare('SELECT code, geometry FROM communes').all() as { code: string; geometry: string }[];
  let onSurface = 0;
  for (const { code, geometry } of rows) {
    const area = JSON.parse(geometry) as Area;
    const centroid = turf.centroid(area).geometry.coordinates;
    const inside = contains(area, centroid);
    const point = roundPosition(inside ? centroid : turf.pointOnFeature(area).geometry.coordinates);
    if (!inside) onSurface++;
    update.run(point[0], point[1], inside ? 'centroid' : 'point-on-surface', code);
  }
  return `${rows.length} reference points (${rows.length - onSurface} centroids, ${onSurface} points on the surface)`;
}
