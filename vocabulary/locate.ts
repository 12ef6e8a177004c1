import { booleanPointInPolygon } from '@turf/turf';
import type Database from 'better-sqlite3';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Finds the atlas commune containing a point (bbox first, then the polygon), or null outside them. Uses
 * turf and a database: the build and the planners' imports locate points with it; the page must not import it.
 */
export function communeLocator(db: Database.Database): (point: Position) => string | null {
  const candidates = db.prepare(
    'SELECT code, geometry FROM communes WHERE min_lon <= @lon AND max_lon >= @lon AND min_lat <= @lat AND max_lat ' +
      '>= @lat',
  );
  return ([lon, lat]) => {
    const rows = candidates.all({ lon, lat }) as { code: string; geometry: string }[];
    return (
      rows.find((r) => booleanPointInPolygon([lon!, lat!], JSON.parse(r.geometry) as Polygon | MultiPolygon))?.code ??
      null
    );
  };
}
