import type Database from 'better-sqlite3';
import { bboxOfRow, readProperties, specsOf, type FeatureLayer, type PropertyDefinition } from './feature.ts';

interface CommuneRow {
  code: string;
  national_code: string;
  name: string;
  country: string;
  region_code: string | null;
  region_name: string | null;
  province_code: string | null;
  province_name: string | null;
  geometry: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  boundary_source_id: string;
  boundary_note: string | null;
  ref_lon: number;
  ref_lat: number;
  ref_method: string;
  nuts3: string;
  territories: string;
}

const PROPERTIES: PropertyDefinition<CommuneRow>[] = [
  {
    name: 'code',
    type: 'string',
    value: (row) => row.code,
    description:
      'Atlas id: the INSEE COG (France) or ISTAT (Italy) code, or the national code prefixed by the country ' +
      '(AT-80110, CH-1371, DE-09187114, SI-43)',
  },
  {
    name: 'national_code',
    type: 'string',
    value: (row) => row.national_code,
    description:
      'Code as the country publishes it: INSEE, ISTAT, Gemeindekennziffer (AT), FSO number (CH), AGS (DE), OB_ID (SI)',
  },
  { name: 'name', type: 'string', value: (row) => row.name, description: 'Official name' },
  { name: 'country', type: 'string', value: (row) => row.country, description: 'ISO 3166-1 alpha-2 country code' },
  {
    name: 'region_code',
    type: 'string',
    value: (row) => row.region_code,
    description: 'Region code (INSEE or ISTAT; null where the boundary file gives none)',
  },
  { name: 'region_name', type: 'string', value: (row) => row.region_name, description: 'Region name' },
  {
    name: 'province_code',
    type: 'string',
    value: (row) => row.province_code,
    description: 'French département or Italian provincia / città metropolitana code (null for other countries)',
  },
  {
    name: 'province_name',
    type: 'string',
    value: (row) => row.province_name,
    description: 'French département or Italian provincia / città metropolitana name, where the source gives it',
  },
  {
    name: 'territories',
    type: 'array',
    value: (row) => JSON.parse(row.territories) as string[],
    description: 'Ids of the territories (collection "territories") the commune belongs to',
  },
  {
    name: 'boundary_source',
    type: 'string',
    value: (row) => row.boundary_source_id,
    description: 'Id of the source of the boundary (see /api/sources)',
  },
  {
    name: 'boundary_note',
    type: 'string',
    value: (row) => row.boundary_note,
    description: 'How the boundary was made, where it is not the upstream shape',
  },
  {
    name: 'ref_lon',
    type: 'number',
    value: (row) => row.ref_lon,
    description: 'Longitude of the reference point straight-line distances are measured from',
  },
  {
    name: 'ref_lat',
    type: 'number',
    value: (row) => row.ref_lat,
    description: 'Latitude of the reference point straight-line distances are measured from',
  },
  {
    name: 'ref_method',
    type: 'string',
    value: (row) => row.ref_method,
    description: 'How the reference point was chosen: centroid (when inside the commune) or point-on-surface',
  },
  {
    name: 'nuts3',
    type: 'string',
    value: (row) => row.nuts3,
    description: 'Code of the NUTS 3 region (regional context: /api/context/healthcare-access)',
  },
];

/** Municipalities with their official names and codes and the territories they belong to. */
export function readCommunes(db: Database.Database): FeatureLayer {
  const rows = db
    .prepare(`SELECT c.*, json_group_array(t.territory_id) FILTER (WHERE t.territory_id IS NOT NULL) AS territories
    FROM communes c LEFT JOIN territory_communes t ON t.commune_code = c.code GROUP BY c.code ORDER BY c.code`)
    .all() as CommuneRow[];
  return {
    id: 'communes',
    geometryType: 'Polygon',
    subject: 'commune',
    properties: specsOf(PROPERTIES),
    queryables: [
      { name: 'country', property: 'country', description: 'Country code: FR, IT, AT, CH, DE or SI' },
      { name: 'territory', property: 'territories', description: 'Id of a territory the commune belongs to' },
      {
        name: 'province',
        property: 'province_code',
        description: 'Département or provincia code, e.g. 05, 73, 001 (France and Italy)',
      },
    ],
    features: rows.map((row) => ({
      id: row.code,
      geometry: row.geometry,
      bbox: bboxOfRow(row),
      properties: readProperties(PROPERTIES, row),
    })),
  };
}
