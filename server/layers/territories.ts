import type Database from 'better-sqlite3';
import { bboxOfRow, readProperties, specsOf, type FeatureLayer, type PropertyDefinition } from './feature.ts';

interface TerritoryRow {
  id: string;
  kind: string;
  name: string;
  country: string;
  official_code: string | null;
  role: string | null;
  partner: string | null;
  evidence_url: string | null;
  boundary_note: string | null;
  geometry: string | null;
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
  source_id: string;
  boundary_source_id: string | null;
  communes: string;
}

const KINDS = 'epci, study-area, pilot-municipality, pilot-region or pilot-site';

const PROPERTIES: PropertyDefinition<TerritoryRow>[] = [
  { name: 'kind', type: 'string', value: (row) => row.kind, description: KINDS },
  { name: 'name', type: 'string', value: (row) => row.name, description: 'Name' },
  { name: 'country', type: 'string', value: (row) => row.country, description: 'ISO 3166-1 alpha-2 country code' },
  {
    name: 'official_code',
    type: 'string',
    value: (row) => row.official_code,
    description: 'Official code (SIREN of an EPCI, municipal code of a pilot), where one exists',
  },
  {
    name: 'role',
    type: 'string',
    value: (row) => row.role,
    description: 'What the territory is, or its role in the project',
  },
  {
    name: 'partner',
    type: 'string',
    value: (row) => row.partner,
    description: 'Project partner working with the pilot',
  },
  {
    name: 'evidence_url',
    type: 'string',
    value: (row) => row.evidence_url,
    description: 'Public page naming the pilot',
  },
  {
    name: 'communes',
    type: 'array',
    value: (row) => JSON.parse(row.communes) as string[],
    description: 'Codes of the member communes (collection "communes")',
  },
  {
    name: 'source',
    type: 'string',
    value: (row) => row.source_id,
    description: 'Id of the source of the membership or pilot list (see /api/sources)',
  },
  {
    name: 'boundary_source',
    type: 'string',
    value: (row) => row.boundary_source_id,
    description: 'Id of the source of the boundary; null where no open boundary exists',
  },
  {
    name: 'boundary_note',
    type: 'string',
    value: (row) => row.boundary_note,
    description: 'How the boundary was made, or why there is none',
  },
];

/** EPCIs, the Italian study area and the PlurAlps pilots; pilots without an open boundary have a null geometry. */
export function readTerritories(db: Database.Database): FeatureLayer {
  const rows = db
    .prepare(`SELECT t.*, json_group_array(tc.commune_code) FILTER (WHERE tc.commune_code IS NOT NULL) AS communes
    FROM territories t LEFT JOIN territory_communes tc ON tc.territory_id = t.id GROUP BY t.id ORDER BY t.rowid`)
    .all() as TerritoryRow[];
  return {
    id: 'territories',
    geometryType: 'Polygon',
    subject: null,
    properties: specsOf(PROPERTIES),
    queryables: [
      { name: 'kind', property: 'kind', description: KINDS },
      { name: 'country', property: 'country', description: 'Country code' },
    ],
    features: rows.map((row) => ({
      id: row.id,
      geometry: row.geometry,
      bbox: bboxOfRow(row),
      properties: readProperties(PROPERTIES, row),
    })),
  };
}
