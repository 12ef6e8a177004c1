import type Database from 'better-sqlite3';
import { bboxOfRow, type FeatureLayer } from './feature.ts';

interface TerritoryRow {
  id: string; kind: string; name: string; country: string; official_code: string | null;
  role: string | null; partner: string | null; evidence_url: string | null; boundary_note: string | null;
  geometry: string | null; min_lon: number | null; min_lat: number | null; max_lon: number | null; max_lat: number | null;
  source_id: string; boundary_source_id: string | null; communes: string;
}

/** EPCIs, the Italian study area and the PlurAlps pilots; pilots without an open boundary have a null geometry. */
export function readTerritories(db: Database.Database): FeatureLayer {
  const rows = db.prepare(`SELECT t.*, json_group_array(tc.commune_code) FILTER (WHERE tc.commune_code IS NOT NULL) AS communes
    FROM territories t LEFT JOIN territory_communes tc ON tc.territory_id = t.id GROUP BY t.id ORDER BY t.rowid`).all() as TerritoryRow[];
  return {
    id: 'territories',
    geometryType: 'Polygon',
    subject: null,
    properties: [
      { name: 'kind', type: 'string', description: 'epci, study-area, pilot-municipality, pilot-region or pilot-site' },
      { name: 'name', type: 'string', description: 'Name' },
      { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 country code' },
      { name: 'official_code', type: 'string', description: 'Official code (SIREN of an EPCI, municipal code of a pilot), where one exists' },
      { name: 'role', type: 'string', description: 'What the territory is, or its role in the project' },
      { name: 'partner', type: 'string', description: 'Project partner working with the pilot' },
      { name: 'evidence_url', type: 'string', description: 'Public page naming the pilot' },
      { name: 'communes', type: 'array', description: 'Codes of the member communes (collection "communes")' },
      { name: 'source', type: 'string', description: 'Id of the source of the membership or pilot list (see /api/sources)' },
      { name: 'boundary_source', type: 'string', description: 'Id of the source of the boundary; null where no open boundary exists' },
      { name: 'boundary_note', type: 'string', description: 'How the boundary was made, or why there is none' },
    ],
    queryables: [
      { name: 'kind', property: 'kind', description: 'epci, study-area, pilot-municipality, pilot-region or pilot-site' },
      { name: 'country', property: 'country', description: 'Country code' },
    ],
    features: rows.map((row) => ({
      id: row.id,
      geometry: row.geometry,
      bbox: bboxOfRow(row),
      properties: {
        kind: row.kind,
        name: row.name,
        country: row.country,
        official_code: row.official_code,
        role: row.role,
        partner: row.partner,
        evidence_url: row.evidence_url,
        communes: JSON.parse(row.communes) as string[],
        source: row.source_id,
        boundary_source: row.boundary_source_id,
        boundary_note: row.boundary_note,
      },
    })),
  };
}
