import type Database from 'better-sqlite3';
import { bboxOfRow, type FeatureLayer } from './feature.ts';

interface LineRow {
  id: string; name: string; country: string; line_code: string; schematic: number; station_ids: string;
  geometry: string; min_lon: number; min_lat: number; max_lon: number; max_lat: number; source_id: string;
}

/** Schematic rail lines: straight segments between stations, not the track. */
export function readRailLines(db: Database.Database): FeatureLayer {
  const rows = db.prepare('SELECT * FROM rail_lines ORDER BY id').all() as LineRow[];
  return {
    id: 'rail-lines',
    geometryType: 'LineString',
    subject: null,
    properties: [
      { name: 'name', type: 'string', description: 'Line name: its end stations' },
      { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 country code' },
      { name: 'line_code', type: 'string', description: 'SNCF line code' },
      { name: 'schematic', type: 'boolean', description: 'True: the geometry joins stations by straight segments' },
      { name: 'station_ids', type: 'array', description: 'Ids of the stations in kilometre-point order (collection "rail-stations")' },
      { name: 'source', type: 'string', description: 'Id of the source (see /api/sources)' },
    ],
    queryables: [{ name: 'country', property: 'country', description: 'Country code' }],
    features: rows.map((row) => ({
      id: row.id,
      geometry: row.geometry,
      bbox: bboxOfRow(row),
      properties: {
        name: row.name,
        country: row.country,
        line_code: row.line_code,
        schematic: row.schematic === 1,
        station_ids: JSON.parse(row.station_ids) as string[],
        source: row.source_id,
      },
    })),
  };
}
