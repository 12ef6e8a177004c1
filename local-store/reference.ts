import type Database from 'better-sqlite3';
import type { LonLat } from '../vocabulary/initiative-anchor.ts';
import { communeLocator } from '../vocabulary/locate.ts';

/** What an imported file is checked against: the reference database's communes, indicators and periods. */
export interface ImportReference {
  /** Each atlas commune, with its reference point (where an initiative sited in it is drawn). */
  communes: Map<string, { name: string; country: string; point: LonLat }>;
  /** Importable commune indicators, with the periods the reference data already has (imports add new ones). */
  indicators: Map<string, { referencePeriods: Set<string> }>;
  /** The atlas commune containing a point, or null. */
  locate(lon: number, lat: number): string | null;
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
  const indicators = new Map(
    (
      db
        .prepare("SELECT id FROM indicators WHERE importable = 1 AND subject = 'commune' ORDER BY rowid")
        .pluck()
        .all() as string[]
    ).map((id) => [
      id,
      {
        referencePeriods: new Set(
          db.prepare('SELECT period FROM indicator_periods WHERE indicator_id = ?').pluck().all(id) as string[],
        ),
      },
    ]),
  );
  const locate = communeLocator(db);
  return { communes, indicators, locate: (lon, lat) => locate([lon, lat]) };
}
