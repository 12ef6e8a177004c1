import type Database from 'better-sqlite3';

/**
 * Whole-database checks run before the new database replaces the old one. Each returns the problems
 * found, so the build can report them all at once.
 */
const CHECKS: { name: string; sql: string; describe: (row: Record<string, unknown>) => string }[] = [
  {
    name: 'every reference points at an existing row',
    sql: 'PRAGMA foreign_key_check',
    describe: (r) => `${r.table} row ${r.rowid} refers to a missing row of ${r.parent}`,
  },
  {
    name: 'every source is used by a layer, an indicator or the basemap',
    sql: `SELECT id FROM sources WHERE id NOT IN
          (SELECT source_id FROM layer_sources UNION SELECT source_id FROM indicator_sources UNION SELECT source_id
            FROM basemap
           UNION SELECT source_id FROM regional_access)`,
    describe: (r) =>
      `source ${r.id} is listed in the manifest but no layer, indicator, basemap feature or regional figure uses it`,
  },
  {
    name: 'every indicator value describes an existing commune or station',
    sql: `SELECT v.indicator_id, v.subject_id FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
          WHERE (i.subject = 'commune' AND v.subject_id NOT IN (SELECT code FROM communes))
             OR (i.subject = 'rail-station' AND v.subject_id NOT IN (SELECT id FROM rail_stations))`,
    describe: (r) => `${r.indicator_id} has a value for unknown ${r.subject_id}`,
  },
  {
    name: 'every indicator value comes from a source the indicator names',
    sql: `SELECT DISTINCT indicator_id, source_id FROM indicator_values
          WHERE (indicator_id, source_id) NOT IN (SELECT indicator_id, source_id FROM indicator_sources)`,
    describe: (r) => `${r.indicator_id} has values from ${r.source_id}, which data/indicators.json does not list`,
  },
  {
    // Population: every French commune; two Italian comuni have no ANPR row; no open source for AT, CH, DE, SI.
    name: 'every commune has an area, every French commune a population',
    sql: `SELECT c.code, i.id FROM communes c CROSS JOIN (SELECT 'population' AS id UNION SELECT 'area') i
          WHERE (i.id = 'area' OR c.country = 'FR')
            AND NOT EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id AND v.subject_id = c.code)`,
    describe: (r) => `commune ${r.code} has no ${r.id} value`,
  },
  {
    name: 'every commune has a reference point',
    sql: 'SELECT code FROM communes WHERE ref_lon IS NULL OR ref_lat IS NULL',
    describe: (r) => `commune ${r.code} has no reference point`,
  },
  {
    name: "every commune of the first territories has a NUTS 3 region (Eurostat's context)",
    sql: `SELECT code FROM communes WHERE nuts3 IS NULL AND code IN (SELECT commune_code FROM territory_communes
            JOIN territories t ON t.id = territory_id WHERE t.kind IN ('epci', 'study-area'))`,
    describe: (r) => `commune ${r.code} has no NUTS 3 region`,
  },
  {
    name: 'every commune belongs to a territory',
    sql: 'SELECT code FROM communes WHERE code NOT IN (SELECT commune_code FROM territory_communes)',
    describe: (r) => `commune ${r.code} is in no territory`,
  },
  {
    name: 'every layer has features',
    sql: 'SELECT id FROM layers WHERE item_count = 0',
    describe: (r) => `layer ${r.id} is empty`,
  },
];

export function runChecks(db: Database.Database): string[] {
  const integrity = db.prepare('PRAGMA integrity_check').pluck().get();
  const problems = integrity === 'ok' ? [] : [`SQLite integrity check: ${integrity}`];
  for (const check of CHECKS) {
    const rows = db.prepare(check.sql).all() as Record<string, unknown>[];
    problems.push(...rows.slice(0, 20).map((r) => `${check.name}: ${check.describe(r)}`));
  }
  return problems;
}
