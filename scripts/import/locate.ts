import type Database from 'better-sqlite3';
import type { Position } from 'geojson';
import { contains, type Area } from './geometry.ts';

/** Finds the atlas commune containing a point (bbox first, then the polygon), or null outside them. */
export function communeLocator(db: Database.Database): (point: Position) => string | null {
  const candidates = db.prepare(
    'SELECT code, geometry FROM communes WHERE min_lon <= @lon AND max_lon >= @lon AND min_lat <= @lat AND max_lat >= @lat',
  );
  return ([lon, lat]) => {
    const rows = candidates.all({ lon, lat }) as { code: string; geometry: string }[];
    return rows.find((r) => contains(JSON.parse(r.geometry) as Area, [lon!, lat!]))?.code ?? null;
  };
}
