import type Database from 'better-sqlite3';
import type { LonLat } from '../vocabulary/initiative-anchor.ts';
import { communeLocator } from '../vocabulary/locate.ts';

/** What an imported file is checked against: the reference database's communes, indicators and periods. */
export interface ImportReference {
  /** Each atlas commune, with its reference point (where an initiative sited in it is drawn). */
  communes: Map<string, { name: string; country: string; point: LonLat }>;
  /**
   * Importable commune indicators: their decimals, the periods the reference data already has (imports add new
   * ones), and its values (period → commune → value, at those decimals), which an official file is compared with.
   */
  indicators: Map<string, IndicatorReference>;
  /** The atlas commune containing a point, or null. */
  locate(lon: number, lat: number): string | null;
}

/** An importable indicator as the reference data has it; its values: period → commune code → value. */
export interface IndicatorReference {
  decimals: number;
  referencePeriods: Set<string>;
  referenceValues: Map<string, Map<string, number>>;
}

export function importReference(db: Database.Database): ImportReference {
  const rows = db.prepare('SELECT code, name, country, ref_lon, ref_lat FROM communes').all() as {
    code: string;
    name: string;
    country: string;
    ref_lon: number;
    ref_lat: number;
  }[];
  const communes = new Map(
    rows.map((c) => [c.code, { name: c.name, country: c.country, point: [c.ref_lon, c.ref_lat] as LonLat }]),
  );
  const periodsOf = db.prepare('SELECT period FROM indicator_periods WHERE indicator_id = ?').pluck();
  const valuesOf = db.prepare('SELECT period, subject_id AS code, value FROM indicator_values WHERE indicator_id = ?');
  const indicators = new Map(
    (
      db
        .prepare("SELECT id, decimals FROM indicators WHERE importable = 1 AND subject = 'commune' ORDER BY rowid")
        .all() as { id: string; decimals: number }[]
    ).map(({ id, decimals }): [string, IndicatorReference] => {
      const referenceValues: IndicatorReference['referenceValues'] = new Map();
      for (const { period, code, value } of valuesOf.all(id) as { period: string; code: string; value: number }[]) {
        if (!referenceValues.has(period)) referenceValues.set(period, new Map());
        referenceValues.get(period)!.set(code, value);
      }
      return [id, { decimals, referencePeriods: new Set(periodsOf.all(id) as string[]), referenceValues }];
    }),
  );
  const locate = communeLocator(db);
  return { communes, indicators, locate: (lon, lat) => locate([lon, lat]) };
}
