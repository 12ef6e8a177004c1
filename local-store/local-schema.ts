import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema.sql'), 'utf8');

/**
 * A local database says what it is in its header. PRAGMA application_id is 'ATLS' (0x41544C53), which tells it
 * from any other SQLite file (the reference database, a file restored by mistake); PRAGMA user_version is the
 * version of schema.sql it follows. A file made before there was a version has neither (0 and 0): it is known by
 * its import tables, and stamped at its next open.
 */
export const LOCAL_APPLICATION_ID = 0x41544c53;
/**
 * 1: imports and slides (2026-12-05). 2: planners' initiatives, imported_initiatives and the import kind
 * 'initiatives'. 3: the import kind 'official' (official files as published). A change to schema.sql raises this and
 * adds, in prepareLocalSchema, the step that brings a file of the previous version up to it.
 */
export const LOCAL_SCHEMA_VERSION = 3;

/** The imports table as schema.sql defines it; a file of version 2 or earlier gets it in place of its own. */
const IMPORTS_TABLE = /CREATE TABLE IF NOT EXISTS imports \([\s\S]*?\n\);/.exec(SCHEMA)![0];

/** The tables every local database has had since the first (slides came later): a file without them is not one. */
const IMPORT_TABLES = ['imports', 'import_sources', 'imported_values', 'imported_flows', 'imported_services'];

const hex = (n: number) => `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

function tablesOf(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

/**
 * Why the database `db` is open on (the file `file`) is not an atlas local database this atlas can use, as a
 * sentence naming the file and what was expected; null when it is one. A database without any table is accepted
 * when `emptyIsNew`: the store creates its tables there.
 */
export function localDatabaseProblem(
  db: Database.Database,
  file: string,
  { emptyIsNew = false }: { emptyIsNew?: boolean } = {},
): string | null {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const notOurs = `${file} is not an atlas local database (expected the planners' database of imports and slides)`;
  if (applicationId !== 0 && applicationId !== LOCAL_APPLICATION_ID) {
    const ours = hex(LOCAL_APPLICATION_ID);
    return `${notOurs}: its application_id is ${hex(applicationId)}, an atlas local database has ${ours}`;
  }
  if (applicationId === 0) {
    const tables = tablesOf(db);
    if (tables.length === 0 && emptyIsNew) return null;
    const missing = IMPORT_TABLES.filter((t) => !tables.includes(t));
    if (missing.length > 0) {
      const has = tables.length === 0 ? 'no table at all' : `the tables ${tables.slice(0, 6).join(', ')}`;
      const more = tables.length > 6 ? ` and ${tables.length - 6} more` : '';
      return `${notOurs}: it lacks the tables ${missing.join(', ')} (it has ${has}${more})`;
    }
  }
  if (version > LOCAL_SCHEMA_VERSION) {
    return (
      `${file} was written by a newer atlas: its local schema version is ${version}, this atlas reads versions up ` +
      `to ${LOCAL_SCHEMA_VERSION}; update the atlas first`
    );
  }
  return null;
}

/**
 * Creates the tables of a new local database, or brings an earlier one up to LOCAL_SCHEMA_VERSION, and stamps it,
 * in one write transaction; refuses, naming the file, a database that is not one or is of a newer version. Plain
 * BEGIN and COMMIT, not db.transaction: a test that reports every transaction of a process sees only the store's.
 */
export function prepareLocalSchema(db: Database.Database, file: string): void {
  const refuse = () => {
    const problem = localDatabaseProblem(db, file, { emptyIsNew: true });
    if (problem) throw new Error(problem);
  };
  refuse();
  const stamped =
    db.pragma('application_id', { simple: true }) === LOCAL_APPLICATION_ID &&
    db.pragma('user_version', { simple: true }) === LOCAL_SCHEMA_VERSION;
  if (stamped) {
    db.exec(SCHEMA);
    return;
  }
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  // Off while the imports table is made again (versions 1 and 2 to 3), so that dropping the old one cascades to
  // nothing; the pragma does nothing inside a transaction, hence here.
  db.pragma('foreign_keys = OFF');
  db.exec('BEGIN IMMEDIATE');
  try {
    // Looked at again under the write lock: another process may have created or upgraded the file meanwhile.
    refuse();
    const version = db.pragma('user_version', { simple: true }) as number;
    const hadImports = tablesOf(db).includes('imports');
    db.exec(SCHEMA);
    // Version 0 to 1 adds the slides table (CREATE TABLE IF NOT EXISTS above) and the stamp; 1 to 2 adds the
    // imported_initiatives table likewise, and lets imports.kind be 'initiatives'; 2 to 3 lets it be 'official'.
    // Both kinds come with the one rebuild of the imports table. Later versions: their step here, after the ones
    // before them, each run only on a file of an earlier version.
    if (hadImports && version < 3) rebuildImportsTable(db, file);
    db.pragma(`application_id = ${LOCAL_APPLICATION_ID}`);
    db.pragma(`user_version = ${LOCAL_SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

/**
 * Versions 1 and 2 to 3: imports.kind may be 'initiatives' and 'official'. SQLite cannot change a CHECK constraint in
 * place, so the table is made again under schema.sql's definition (SQLite's documented way: new table, copy, drop,
 * rename), with its rows and its AUTOINCREMENT counter, so that the number of a removed import is still never given
 * again.
 */
function rebuildImportsTable(db: Database.Database, file: string): void {
  const counter = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'imports'").pluck().get() as
    | number
    | undefined;
  db.exec(IMPORTS_TABLE.replace('imports (', 'imports_v3 ('));
  const columns = 'id, kind, file_name, imported_at, row_count, sha256';
  db.exec(`INSERT INTO imports_v3 (${columns}) SELECT ${columns} FROM imports`);
  db.exec('DROP TABLE imports');
  db.exec('ALTER TABLE imports_v3 RENAME TO imports');
  if (counter !== undefined)
    db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'imports'").run(counter);
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0)
    throw new Error(`${file}: upgrading the imports table left ${broken.length} rows without their import`);
}
