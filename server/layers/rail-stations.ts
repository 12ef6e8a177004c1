import type Database from 'better-sqlite3';
import { territoriesByCommune } from './commune-territories.ts';
import { pointGeometry, readProperties, specsOf, type FeatureLayer, type PropertyDefinition } from './feature.ts';

interface StationRow {
  id: string;
  name: string;
  country: string;
  operator_code: string;
  commune_code: string | null;
  passenger_service: number | null;
  lines: string | null;
  lon: number;
  lat: number;
  source_id: string;
}

/** A station's row, with the territories of its commune. */
type Station = StationRow & { territories: string[] };

const PROPERTIES: PropertyDefinition<Station>[] = [
  { name: 'name', type: 'string', value: (row) => row.name, description: 'Station name as published' },
  { name: 'country', type: 'string', value: (row) => row.country, description: 'ISO 3166-1 alpha-2 country code' },
  {
    name: 'operator_code',
    type: 'string',
    value: (row) => row.operator_code,
    description: 'UIC code (SNCF) or station code (Trenitalia)',
  },
  {
    name: 'commune_code',
    type: 'string',
    value: (row) => row.commune_code,
    description: 'Code of the atlas commune the station lies in; null outside the atlas communes',
  },
  {
    name: 'territories',
    type: 'array',
    value: (row) => row.territories,
    description: 'Ids of the territories of that commune',
  },
  {
    name: 'passenger_service',
    type: 'boolean',
    value: (row) => (row.passenger_service === null ? null : row.passenger_service === 1),
    description: 'Whether the station serves passengers, where the source says',
  },
  {
    name: 'line_codes',
    type: 'array',
    value: (row) =>
      (row.lines === null ? [] : (JSON.parse(row.lines) as { code_ligne: string }[])).map((l) => l.code_ligne),
    description: 'SNCF line codes through the station',
  },
  { name: 'source', type: 'string', value: (row) => row.source_id, description: 'Id of the source (see /api/sources)' },
];

/** SNCF and Trenitalia stations; yearly passengers join as the rail-passengers indicator. */
export function readRailStations(db: Database.Database): FeatureLayer {
  const rows = db.prepare('SELECT * FROM rail_stations ORDER BY id').all() as StationRow[];
  const territoriesOf = territoriesByCommune(db);
  return {
    id: 'rail-stations',
    geometryType: 'Point',
    subject: 'rail-station',
    properties: specsOf(PROPERTIES),
    queryables: [
      { name: 'country', property: 'country', description: 'Country code, FR or IT' },
      { name: 'territory', property: 'territories', description: 'Id of a territory the station lies in' },
      { name: 'commune', property: 'commune_code', description: 'Code of the commune the station lies in' },
    ],
    features: rows.map((row) => ({
      id: row.id,
      geometry: pointGeometry(row.lon, row.lat),
      bbox: [row.lon, row.lat, row.lon, row.lat],
      properties: readProperties(PROPERTIES, { ...row, territories: territoriesOf(row.commune_code) }),
    })),
  };
}
