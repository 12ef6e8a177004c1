/**
 * The local database's schema version: a new file is stamped (PRAGMA application_id 'ATLS', user_version 3), a
 * file made before there was a version is opened and stamped with its data kept, and a file that is not a local
 * database, or is of a newer schema, is refused by openLocalStore before anything is written to it.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_APPLICATION_ID, LOCAL_SCHEMA_VERSION } from '../../local-store/local-schema.ts';
import { openLocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

const atlasDb = new Database(inject('atlasDb'), { readonly: true });
const reference = importReference(atlasDb);
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-local-schema-'));
afterAll(() => {
  atlasDb.close();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
const newFile = () => path.join(dir, `local-${++files}.sqlite`);
const CSV = readFileSync(path.join(PROJECT_ROOT, 'examples/indicator-population-dgcl.csv'));
const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Runs `sql` on the file through a plain connection (not the store). */
function withDatabase<T>(file: string, use: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return use(db);
  } finally {
    db.close();
  }
}
const stamps = (file: string) =>
  withDatabase(file, (db) => ({
    applicationId: db.pragma('application_id', { simple: true }),
    version: db.pragma('user_version', { simple: true }),
  }));

describe('the schema version of the local database', () => {
  it("stamps a new local database with the atlas's application id and the schema version", () => {
    const file = newFile();
    openLocalStore(file).close();
    expect(stamps(file)).toEqual({ applicationId: 0x41544c53, version: 3 });
    expect({ LOCAL_APPLICATION_ID, LOCAL_SCHEMA_VERSION }).toEqual({
      LOCAL_APPLICATION_ID: 0x41544c53,
      LOCAL_SCHEMA_VERSION: 3,
    });
  });

  it('opens a database made before there was a version (no stamp, no slides), keeps its imports, stamps it', () => {
    const file = newFile();
    const store = openLocalStore(file);
    const imported = store.importFile('indicator', 'indicator-population-dgcl.csv', CSV, reference);
    store.close();
    withDatabase(file, (db) => db.exec('DROP TABLE slides; PRAGMA application_id = 0; PRAGMA user_version = 0;'));
    expect(stamps(file)).toEqual({ applicationId: 0, version: 0 });

    const reopened = openLocalStore(file);
    expect(reopened.list()).toEqual([imported]);
    expect(reopened.slides.list()).toEqual([]);
    reopened.close();
    expect(stamps(file)).toEqual({ applicationId: LOCAL_APPLICATION_ID, version: LOCAL_SCHEMA_VERSION });
  });

  it.each([
    [
      'of a newer schema',
      (file: string) => {
        openLocalStore(file).close();
        withDatabase(file, (db) => db.pragma('user_version = 4'));
      },
      ' was written by a newer atlas: its local schema version is 4, this atlas reads versions up to 3; update the ' +
        'atlas first',
    ],
    [
      'of another application',
      (file: string) =>
        withDatabase(file, (db) => {
          db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
          db.pragma('application_id = 305419896');
        }),
      " is not an atlas local database (expected the planners' database of imports and slides): its " +
        'application_id is 0x12345678, an atlas local database has 0x41544C53',
    ],
    [
      'the reference database (ATLAS_DB given as ATLAS_LOCAL_DB)',
      (file: string) => copyFileSync(inject('atlasDb'), file),
      " is not an atlas local database (expected the planners' database of imports and slides): it lacks the " +
        'tables imports, import_sources, imported_values, imported_flows, imported_services (it has the tables ' +
        'basemap, communes, ',
    ],
  ])('refuses a database %s, naming the file, and leaves it as it was', (_what, make, message) => {
    const file = newFile();
    make(file);
    withDatabase(file, (db) => db.pragma('journal_mode = DELETE'));
    const before = hashOf(file);
    let refusal = '';
    try {
      openLocalStore(file).close();
    } catch (error) {
      refusal = (error as Error).message;
    }
    // The whole message; for the reference database, up to its first tables (the list changes with the atlas).
    expect(refusal.slice(0, file.length + message.length)).toBe(`${file}${message}`);
    expect(hashOf(file)).toBe(before);
  });
});
