import type Database from 'better-sqlite3';
import { bboxOfRow, readProperties, specsOf, type FeatureLayer, type PropertyDefinition } from './feature.ts';

interface LineRow {
  id: string;
  name: string;
  country: string;
  line_code: string;
  schematic: number;
  station_ids: string;
  geometry: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  source_id: string;
}

const PROPERTIES: PropertyDefinition<LineRow>[] = [
  { name: 'name', type: 'string', value: (row) => row.name, description: 'Line name: its end stations' },
  { name: 'country', type: 'string', value: (row) => row.country, description: 'ISO 3166-1 alpha-2 country code' },
  { name: 'line_code', type: 'string', value: (row) => row.line_code, description: 'SNCF line code' },
  {
    name: 'schematic',
    type: 'boolean',
    value: (row) => row.schematic === 1,
    description: 'True: the geometry joins stations by straight segments',
  },
  {
    name: 'station_ids',
    type: 'array',
    value: (row) => JSON.parse(row.station_ids) as string[],
    description: 'Ids of the stations in kilometre-point order (collection "rail-stations")',
  },
  { name: 'source', type: 'string', value: (row) => row.source_id, description: 'Id of the source (see /api/sources)' },
];

/** Schematic rail lines: straight segments between stations, not the track. */
export function readRailLines(db: Database.Database): FeatureLayer {
  const rows = db.prepare('SELECT * FROM rail_lines ORDER BY id').all() as LineRow[];
  return {
    id: 'rail-lines',
    geometryType: 'LineString',
    subject: null,
    properties: specsOf(PROPERTIES),
    queryables: [{ name: 'country', property: 'country', description: 'Country code' }],
    features: rows.map((row) => ({
      id: row.id,
      geometry: row.geometry,
      bbox: bboxOfRow(row),
      properties: readProperties(PROPERTIES, row),
    })),
  };
}
