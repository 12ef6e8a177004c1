import type Database from 'better-sqlite3';
import type { HospitalDefinition, RegionalAccess } from '../vocabulary/api-records.ts';

/** Eurostat's regional figures of access to healthcare, shown beside the commune figures as context. */
export function readRegionalAccess(db: Database.Database): RegionalAccess[] {
  const rows = db
    .prepare(`SELECT r.code, r.name, r.country, r.level, r.province_code, a.year, a.share, a.population, a.source_id
    FROM regions r JOIN regional_access a ON a.region_code = r.code
    WHERE a.service = 'healthcare' AND a.threshold = 'GT_20_MIN' ORDER BY r.rowid, a.year`)
    .all() as {
    code: string;
    name: string;
    country: string;
    level: 'country' | 'nuts3';
    province_code: string | null;
    year: number;
    share: number;
    population: number;
    source_id: string;
  }[];
  const regions = new Map<string, RegionalAccess>();
  for (const row of rows) {
    const region = regions.get(row.code) ?? {
      code: row.code,
      name: row.name,
      country: row.country,
      level: row.level,
      provinceCode: row.province_code,
      values: {},
      source: row.source_id,
    };
    region.values[row.year] = { share: row.share, population: row.population };
    regions.set(row.code, region);
  }
  return [...regions.values()];
}

/** The definitions of a general acute hospital, country by country, in five languages (data/facility-classes.json). */
export function readHospitalDefinitions(db: Database.Database): HospitalDefinition[] {
  const rows = db
    .prepare('SELECT country, definitions, limits FROM facility_class_definitions ORDER BY country')
    .all() as {
    country: string;
    definitions: string;
    limits: string;
  }[];
  return rows.map((r) => ({
    country: r.country,
    definitions: JSON.parse(r.definitions) as Record<string, string>,
    limits: JSON.parse(r.limits) as Record<string, string>,
  }));
}
