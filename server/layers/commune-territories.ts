import type Database from 'better-sqlite3';

/** The territories each commune belongs to, for layers whose features are located in a commune. */
export function territoriesByCommune(db: Database.Database): (communeCode: string | null) => string[] {
  const rows = db.prepare('SELECT commune_code, territory_id FROM territory_communes ORDER BY territory_id').all() as {
    commune_code: string;
    territory_id: string;
  }[];
  const byCommune = new Map<string, string[]>();
  for (const row of rows) {
    const list = byCommune.get(row.commune_code) ?? [];
    list.push(row.territory_id);
    byCommune.set(row.commune_code, list);
  }
  return (communeCode) => (communeCode === null ? [] : (byCommune.get(communeCode) ?? []));
}
