/**
 * local-store/restore.ts, in this process, into a local database a store has open (as the server has): a backup
 * goes back in one transaction and the open store reads it at once; the database as it was is kept aside; a file
 * that is not a backup of a local database this atlas reads, or is damaged, is refused with the reason, and a
 * restore that fails changes nothing.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { backupLocalDatabase } from '../../local-store/backup.ts';
import { type LocalStore, openLocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import { restoreLocalDatabase } from '../../local-store/restore.ts';
import { headerOf, importExample, slide, type Work, workIn, workOf } from '../helpers/local-content.ts';
import { checkStore } from '../helpers/store-check.ts';

const atlasDb = new Database(inject('atlasDb'), { readonly: true });
const reference = importReference(atlasDb);
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-restore-'));
afterAll(() => {
  atlasDb.close();
  rmSync(dir, { recursive: true, force: true });
});

const AT = new Date('2026-12-05T21:30:00Z');
const EXPECTED = "expected a backup of the atlas's local database, as npm run backup writes";

interface Scene {
  folder: string;
  /** The local database, open in `store` throughout, as the server has it. */
  file: string;
  store: LocalStore;
  /** A backup of the local database, taken when it held `backedUp`. */
  backup: string;
  backedUp: Work;
  /** What the local database holds now, after more work. */
  current: Work;
}

let scenes = 0;
/** A local database with work, a backup of it, then more work: imports, removals, slide edits. */
async function scene(): Promise<Scene> {
  const folder = path.join(dir, `scene-${++scenes}`);
  mkdirSync(folder);
  const file = path.join(folder, 'local.sqlite');
  const store = openLocalStore(file);
  for (let n = 0; n < 3; n++) importExample(store, reference, 'backed-up', n);
  for (let n = 1; n <= 3; n++) store.slides.add(slide(n));
  const backedUp = workOf(store);
  const backup = path.join(folder, 'backup.sqlite');
  await backupLocalDatabase(file, backup);
  for (let n = 0; n < 6; n++) importExample(store, reference, 'later', n);
  store.remove(backedUp.imports[0]!.id);
  store.slides.update(backedUp.slides[0]!.id, { title: 'Après la sauvegarde' });
  store.slides.remove(backedUp.slides[2]!.id);
  return { folder, file, store, backup, backedUp, current: workOf(store) };
}

/** The scene's local database and folder are as they were: same work, no file added (no aside, no leftover). */
function expectUnchanged(s: Scene, files: string[]): void {
  expect(workOf(s.store)).toEqual(s.current);
  expect(readdirSync(s.folder).sort()).toEqual(files);
}

describe('a restore of the local database', () => {
  it('puts a backup back while a store has the database open, which reads it at once; keeps the old', async () => {
    const s = await scene();
    const version = s.store.dataVersion();
    const done = await restoreLocalDatabase(s.backup, s.file, { now: AT });

    const aside = `${s.file}.before-restore-2026-12-05T21-30-00Z`;
    expect(done).toEqual({ imports: 3, slides: 3, aside, upgradedFrom: null, ms: done.ms });
    expect(s.store.dataVersion(), 'the open connection sees another commit').not.toBe(version);
    expect(workOf(s.store)).toEqual(s.backedUp);
    // It writes on from there: the restored deck takes a slide after its last.
    expect(s.store.slides.add(slide(9)).position).toBe(4);
    s.store.close();
    expect(checkStore(s.file, 'the restored database')).toEqual(s.backedUp.imports);
    expect(headerOf(s.file)).toMatchObject({ applicationId: 0x41544c53, version: 3 });
    // The database as it was, whole, beside it; no temporary file left.
    expect(checkStore(aside, 'the database kept aside')).toEqual(s.current.imports);
    expect(workIn(aside)).toEqual(s.current);
    expect(
      readdirSync(s.folder)
        .filter((f) => !/^local\.sqlite-(wal|shm)$/.test(f))
        .sort(),
    ).toEqual(['backup.sqlite', 'local.sqlite', path.basename(aside)]);
  });

  it('refuses, naming it and what was expected, a file that is no backup it can read; changes nothing', async () => {
    const s = await scene();
    const file = (name: string, write: (f: string) => void) => {
      const f = path.join(s.folder, name);
      write(f);
      return f;
    };
    const refusals: [string, string][] = [
      [path.join(s.folder, 'missing.sqlite'), `No file ${path.join(s.folder, 'missing.sqlite')} (${EXPECTED})`],
      [s.file, `${s.file} is the local database itself (ATLAS_LOCAL_DB): ${EXPECTED}`],
    ];
    for (const [name, write] of [
      ['notes.sqlite', (f: string) => writeFileSync(f, 'Vues pour le conseil communautaire\n'.repeat(10))],
      ['empty.sqlite', (f: string) => writeFileSync(f, '')],
    ] as const) {
      const f = file(name, write);
      refusals.push([f, `${f} is not an SQLite database (it does not begin with "SQLite format 3"): ${EXPECTED}`]);
    }
    const atlas = file('atlas.sqlite', (f) => copyFileSync(inject('atlasDb'), f));
    refusals.push([
      atlas,
      `${atlas} is not an atlas local database (expected the planners' database of imports and slides): it lacks ` +
        'the tables imports, import_sources, imported_values, imported_flows, imported_services (it has the tables ',
    ]);
    const other = file('other.sqlite', (f) => {
      copyFileSync(s.backup, f);
      const db = new Database(f);
      db.pragma('application_id = 305419896');
      db.close();
    });
    refusals.push([
      other,
      `${other} is not an atlas local database (expected the planners' database of imports and slides): its ` +
        'application_id is 0x12345678, an atlas local database has 0x41544C53',
    ]);
    const newer = file('newer.sqlite', (f) => {
      copyFileSync(s.backup, f);
      const db = new Database(f);
      db.pragma('user_version = 4');
      db.close();
    });
    refusals.push([
      newer,
      `${newer} was written by a newer atlas: its local schema version is 4, this atlas reads versions up to 3; ` +
        'update the atlas first',
    ]);

    const files = readdirSync(s.folder).sort();
    for (const [file, message] of refusals) {
      const refusal = await restoreLocalDatabase(file, s.file).then(
        () => `${file} was restored`,
        (error: Error) => `${error.name}: ${error.message}`,
      );
      expect(refusal.slice(0, 'BackupError: '.length + message.length)).toBe(`BackupError: ${message}`);
      expectUnchanged(s, files);
    }
    s.store.close();
  });

  it('refuses a damaged backup before it touches the local database', async () => {
    const s = await scene();
    const damaged = path.join(s.folder, 'damaged.sqlite');
    const bytes = readFileSync(s.backup);
    // The last page is a page of a table's rows (the file ends with the latest writes): it becomes noise.
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, bytes.length - pageSize + 8);
    writeFileSync(damaged, bytes);
    const files = readdirSync(s.folder).sort();

    await expect(restoreLocalDatabase(damaged, s.file)).rejects.toThrow(
      new RegExp(
        `^${damaged.replace(/[.]/g, '\\.')} is damaged: PRAGMA integrity_check finds .*; nothing was restored$`,
      ),
    );
    expectUnchanged(s, files);
    s.store.close();
  });

  it('changes nothing when another connection holds the write lock for longer than the restore waits', async () => {
    const s = await scene();
    const writer = new Database(s.file);
    writer.exec('BEGIN IMMEDIATE');
    const files = readdirSync(s.folder).sort();
    const restore = restoreLocalDatabase(s.backup, s.file, { lockWaitMs: 200, now: AT });
    const aside = `${s.file}.before-restore-2026-12-05T21-30-00Z`;
    await expect(restore).rejects.toThrow(
      `Nothing was restored: ${s.file} stayed locked by another connection's write for 0.2 s: nothing was copied. ` +
        `${s.file} is as it was (a copy of it is at ${aside})`,
    );
    writer.exec('ROLLBACK');
    writer.close();
    expectUnchanged(s, [...files, path.basename(aside)].sort());
    s.store.close();
  });

  it('brings a backup made before schema versions up to date, of another page size, into a new database', async () => {
    const s = await scene();
    s.store.close();
    const old = path.join(s.folder, 'old.sqlite');
    copyFileSync(s.backup, old);
    const db = new Database(old);
    db.exec('DROP TABLE slides; PRAGMA application_id = 0; PRAGMA user_version = 0; PRAGMA page_size = 1024; VACUUM');
    expect(db.pragma('page_size', { simple: true })).toBe(1024);
    db.close();

    // Into the live database (4096-byte pages, WAL): SQLite copies into WAL only between equal page sizes.
    const done = await restoreLocalDatabase(old, s.file);
    expect(done).toMatchObject({ imports: 3, slides: 0, upgradedFrom: 0 });
    expect(workIn(s.file)).toEqual({ imports: s.backedUp.imports, slides: [] });
    expect(headerOf(s.file)).toMatchObject({ applicationId: 0x41544c53, version: 3 });
    // Into a local database that does not exist yet: nothing to keep aside.
    const fresh = path.join(s.folder, 'new', 'local.sqlite');
    expect(await restoreLocalDatabase(s.backup, fresh)).toMatchObject({ imports: 3, slides: 3, aside: null });
    expect(workIn(fresh)).toEqual(s.backedUp);
  });
});
