import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { openLocalStore } from '../../local-store/local-store.ts';
import type { ImportRecord } from '../../vocabulary/api-records.ts';
import type { ImportKind } from '../../vocabulary/import-kinds.ts';

/**
 * What test/local-store/kill*.test.ts prove of the local database a kill -9 left: sound, and every import in it
 * whole, made from one of the example files.
 */

/** What each example file holds (test/local-store/imports.test.ts checks the same of a plain import). */
export const EXAMPLES: Record<string, { kind: ImportKind; rows: number; sources: number }> = {
  'indicator-population-dgcl.csv': { kind: 'indicator', rows: 13, sources: 1 },
  'flows-nearest-hospital-as-other.csv': { kind: 'flows', rows: 15, sources: 2 },
  'services-gisco-outside-area.csv': { kind: 'services', rows: 4, sources: 1 },
  'services-gisco-outside-area.geojson': { kind: 'services', rows: 4, sources: 1 },
};
const TABLES = { indicator: 'imported_values', flows: 'imported_flows', services: 'imported_services' } as const;

/** The example an imported file was made from: its name ends with the example's. */
export function exampleOf(fileName: string) {
  const name = Object.keys(EXAMPLES).find((n) => fileName.endsWith(n));
  if (!name) throw new Error(`${fileName} was made from no example`);
  return EXAMPLES[name]!;
}

/**
 * Opens a database with openLocalStore, proves it sound and every import in it whole, and returns the imports.
 * `label` names the round in failure messages.
 */
export function checkStore(file: string, label: string): ImportRecord[] {
  const store = openLocalStore(file);
  const db = new Database(file);
  try {
    expect(db.pragma('integrity_check', { simple: true }), label).toBe('ok');
    expect(db.pragma('foreign_key_check'), label).toEqual([]);
    const imports = store.list();
    const count = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    for (const table of ['import_sources', ...Object.values(TABLES)]) {
      expect(
        count(`SELECT count(*) FROM ${table} WHERE import_id NOT IN (SELECT id FROM imports)`),
        `${label}: ${table} rows of no import`,
      ).toBe(0);
    }
    for (const table of Object.values(TABLES)) {
      const foreign = count(
        `SELECT count(*) FROM ${table} t JOIN import_sources s ON s.id = t.source_id WHERE s.import_id <> t.import_id`,
      );
      expect(foreign, `${label}: ${table} rows citing another import's source`).toBe(0);
    }
    for (const i of imports) {
      const example = exampleOf(i.fileName);
      const where = `${label}: import ${i.id} (${i.fileName})`;
      expect({ kind: i.kind, rowCount: i.rowCount, sources: i.sources.length }, where).toEqual({
        kind: example.kind,
        rowCount: example.rows,
        sources: example.sources,
      });
      const rows = Object.fromEntries(
        Object.entries(TABLES).map(([kind, table]) => [
          kind,
          count(`SELECT count(*) FROM ${table} WHERE import_id = ?`, i.id),
        ]),
      );
      expect(rows, where).toEqual({ indicator: 0, flows: 0, services: 0, [i.kind]: i.rowCount });
    }
    const snapshot = store.read();
    expect(snapshot.values.length + snapshot.flows.length + snapshot.services.length, label).toBe(
      imports.reduce((sum, i) => sum + i.rowCount, 0),
    );
    return imports;
  } finally {
    db.close();
    store.close();
  }
}

/** Checks a copy of the files a kill left (database and WAL), so that the next run opens the originals untouched. */
export function checkCopy(file: string, label: string): ImportRecord[] {
  const copy = path.join(mkdtempSync(path.join(path.dirname(file), 'copy-')), path.basename(file));
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  return checkStore(copy, label);
}
