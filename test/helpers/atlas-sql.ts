import type { RealApp } from './real-app.ts';

const BOX_COLUMNS = ['min(min_lon)', 'min(min_lat)', 'max(max_lon)', 'max(max_lat)'];
const POINT_COLUMNS = ['min(lon)', 'min(lat)', 'max(lon)', 'max(lat)'];
/**
 * The table of each collection, its id column, the order of its features, how its bbox is stored, and the
 * subject of its indicators. Territories keep the order of the curated file (rowid), the others sort by id.
 */
export const COLLECTIONS = {
  communes: { table: 'communes', id: 'code', order: 'code', bbox: BOX_COLUMNS, subject: 'commune', point: false },
  territories: { table: 'territories', id: 'id', order: 'rowid', bbox: BOX_COLUMNS, subject: null, point: false },
  'rail-stations': {
    table: 'rail_stations',
    id: 'id',
    order: 'id',
    bbox: POINT_COLUMNS,
    subject: 'rail-station',
    point: true,
  },
  'rail-lines': { table: 'rail_lines', id: 'id', order: 'id', bbox: BOX_COLUMNS, subject: null, point: false },
  services: { table: 'services', id: 'id', order: 'id', bbox: POINT_COLUMNS, subject: null, point: true },
  // A flow runs from its origin's reference point to its destination facility (or commune reference point).
  flows: { table: 'flows', id: 'id', order: 'id', bbox: POINT_COLUMNS, subject: null, point: false },
  initiatives: { table: 'initiatives', id: 'id', order: 'id', bbox: POINT_COLUMNS, subject: null, point: true },
} as const;
export const EXTENT_TABLE: Partial<Record<string, string>> = {
  flows: `(SELECT c.ref_lon AS lon, c.ref_lat AS lat FROM flows f JOIN communes c ON c.code = f.origin_code
    UNION ALL SELECT s.lon, s.lat FROM flows f JOIN services s ON s.id = f.destination_service_id)`,
};
export type CollectionId = keyof typeof COLLECTIONS;
export const COLLECTION_IDS = Object.keys(COLLECTIONS) as CollectionId[];

/** A period's reference date (year, month or day) as the RFC 3339 instant it starts. */
export function startInstant(referenceDate: string): string {
  const [year, month = '01', day = '01'] = referenceDate.split('-');
  return `${year}-${month}-${day}T00:00:00Z`;
}

/**
 * What the API should answer, read with SQL from the database the app of `real` reads: every expected figure of
 * the /ogc tests comes from here, so they follow the data.
 */
/** A commune's own properties (before its indicators) as the API should give them, from its row of the table. */
export function communeOwnProperties(
  row: Record<string, string | number | null>,
  territories: string[],
): Record<string, unknown> {
  return {
    code: row.code,
    national_code: row.national_code,
    name: row.name,
    country: row.country,
    region_code: row.region_code,
    region_name: row.region_name,
    province_code: row.province_code,
    province_name: row.province_name,
    territories,
    boundary_source: row.boundary_source_id,
    boundary_note: row.boundary_note,
    ref_lon: row.ref_lon,
    ref_lat: row.ref_lat,
    ref_method: row.ref_method,
    nuts3: row.nuts3,
  };
}

export function atlasSql(real: RealApp) {
  const prepare = (sql: string) => real.atlas.db.prepare(sql);
  const all = <T>(sql: string, ...params: unknown[]) => prepare(sql).all(...params) as T[];
  const column = <T = string>(sql: string, ...params: unknown[]) =>
    prepare(sql)
      .pluck()
      .all(...params) as T[];
  const scalar = <T = number>(sql: string, ...params: unknown[]) =>
    prepare(sql)
      .pluck()
      .get(...params) as T;

  const countOf = (id: CollectionId) => scalar(`SELECT count(*) FROM ${COLLECTIONS[id].table}`);
  const idsOf = (id: CollectionId) => {
    const { id: idColumn, table, order } = COLLECTIONS[id];
    return column(`SELECT ${idColumn} FROM ${table} ORDER BY ${order}`);
  };
  const indicatorsOf = (subject: string | null) =>
    column('SELECT id FROM indicators WHERE subject = ? ORDER BY rowid', subject);

  /**
   * Value, period and source of an indicator for a subject: of the given period, else of its latest period with
   * a value.
   */
  function indicatorValue(indicatorId: string, subjectId: string, period?: string) {
    const row = prepare(`SELECT v.value, v.period, v.source_id AS source FROM indicator_values v
        JOIN indicator_periods p ON p.indicator_id = v.indicator_id AND p.period = v.period
      WHERE v.indicator_id = ? AND v.subject_id = ? AND (? IS NULL OR v.period = ?)
      ORDER BY p.sort_order DESC LIMIT 1`).get(indicatorId, subjectId, period ?? null, period ?? null) as
      | { value: number; period: string; source: string }
      | undefined;
    return row ?? null;
  }

  /** The properties of a commune as the API should give them, from SQL. */
  function communeProperties(code: string): Record<string, unknown> {
    const row = prepare('SELECT * FROM communes WHERE code = ?').get(code) as Record<string, string | null>;
    const territories = column(
      'SELECT territory_id FROM territory_communes WHERE commune_code = ? ORDER BY territory_id',
      code,
    );
    const properties = communeOwnProperties(row, territories);
    for (const indicator of indicatorsOf('commune')) {
      const name = indicator.replaceAll('-', '_');
      const picked = indicatorValue(indicator, code);
      properties[name] = picked?.value ?? null;
      properties[`${name}_period`] = picked?.period ?? null;
      properties[`${name}_source`] = picked?.source ?? null;
    }
    return properties;
  }

  return { all, column, scalar, countOf, idsOf, indicatorsOf, indicatorValue, communeProperties };
}
