import type Database from 'better-sqlite3';
import { communeLocator } from '../vocabulary/locate.ts';

/** What an imported file is checked against: the reference database's communes, indicators and periods. */
export interface ImportReference {
  communes: Map<string, { name: string; country: string }>;
  /** Importable commune indicators, with the periods the reference data already has (imports add new ones). */
  indicators: Map<string, { referencePeriods: Set<string> }>;
  /** The atlas commune containing a point, or null. */
  locate(lon: number, lat: number): string | null;
}

export function importReference(db: Database.Database): ImportReference {
  const communes = new Map(
    (
      db.prepare('SELECT code, name, country FROM communes').all() as { code: string; name: string; country: string }[]
    ).map((c) => [c.code, { name: c.name, country: c.country }]),
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
