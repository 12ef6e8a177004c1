/**
 * local-store/backup.ts, in this process, against a local database another connection writes (as the server's
 * does): the copy is the database as it was when the backup began, whole and sound, one file by itself, and never
 * replaces a file. test/server/backup-live.test.ts does the same through the commands, the real server and an
 * import loop in another process.
 */
import Database from 'better-sqlite3';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BackupError, type CopyProgress, backupLocalDatabase, defaultBackupPath } from '../../local-store/backup.ts';
import { openLocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import { headerOf, importExample, slide, workIn, workOf } from '../helpers/local-content.ts';
import { checkStore } from '../helpers/store-check.ts';

const atlasDb = new Database(inject('atlasDb'), { readonly: true });
const reference = importReference(atlasDb);
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-backup-'));
afterAll(() => {
  atlasDb.close();
  rmSync(dir, { recursive: true, force: true });
});

let folders = 0;
const newFolder = () => {
  const folder = path.join(dir, `case-${++folders}`);
  mkdirSync(folder);
  return folder;
};

describe('a backup of the local database', () => {
  it('is the database as it was when it began, while another connection commits between its steps', async () => {
    const folder = newFolder();
    const file = path.join(folder, 'local.sqlite');
    const store = openLocalStore(file);
    for (let n = 0; n < 4; n++) importExample(store, reference, 'before', n);
    const deck = [1, 2, 3].map((n) => store.slides.add(slide(n)));
    const before = workOf(store);

    // One page a step: the other connection (the server, say) imports a file, edits a slide and adds one halfway.
    const steps: CopyProgress[] = [];
    let wrote = false;
    const destination = path.join(folder, 'backups', 'copy.sqlite');
    const done = await backupLocalDatabase(file, destination, {
      pagesPerStep: 1,
      onProgress: (progress) => {
        steps.push(progress);
        if (wrote || progress.copiedPages !== 3) return;
        wrote = true;
        importExample(store, reference, 'during', 0);
        store.slides.update(deck[1]!.id, { title: 'Changée pendant la copie' });
        store.slides.add(slide(4));
      },
    });
    const after = workOf(store);
    store.close();

    const total = steps.at(-1)!.totalPages;
    expect(total, 'enough pages for the writes to fall in the middle').toBeGreaterThan(6);
    // Step by step to the end, never started again: [0, 1, 2, 3, 4…, total], all of the one snapshot's size.
    expect(steps.map((s) => s.copiedPages)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    expect(new Set(steps.map((s) => s.totalPages))).toEqual(new Set([total]));
    expect(after.imports).toHaveLength(5);

    expect(headerOf(destination), 'one file by itself, stamped').toEqual({
      journal: '1 1',
      applicationId: 0x41544c53,
      version: 3,
    });
    expect(done).toEqual({
      file: destination,
      bytes: statSync(destination).size,
      ms: done.ms,
      imports: 4,
      slides: 3,
    });
    expect(readdirSync(path.dirname(destination)), 'no temporary file left').toEqual(['copy.sqlite']);
    // Sound, every import whole; exactly the imports and slides committed before the backup began.
    expect(checkStore(destination, 'the backup')).toEqual(before.imports);
    expect(workIn(destination)).toEqual(before);
  });

  it('never replaces a file: an existing FILE is refused, and left as it was', async () => {
    const folder = newFolder();
    const file = path.join(folder, 'local.sqlite');
    const store = openLocalStore(file);
    importExample(store, reference, 'one', 0);
    store.close();
    const destination = path.join(folder, 'keep.sqlite');
    copyFileSync(file, destination);
    const bytes = readFileSync(destination);

    await expect(backupLocalDatabase(file, destination)).rejects.toThrow(
      new BackupError(
        `${destination} exists: a backup never replaces a file; name another, or move that one away first`,
      ),
    );
    expect(readFileSync(destination).equals(bytes)).toBe(true);
    expect(readdirSync(folder).sort()).toEqual(['keep.sqlite', 'local.sqlite']);
  });

  it('refuses, naming it, a local database that is missing, or is not an atlas local database', async () => {
    const folder = newFolder();
    const missing = path.join(folder, 'local.sqlite');
    await expect(backupLocalDatabase(missing, path.join(folder, 'a.sqlite'))).rejects.toThrow(
      `No local database at ${missing}, nothing to back up (ATLAS_LOCAL_DB names it; the first import or slide ` +
        'creates it)',
    );
    const text = path.join(folder, 'notes.txt');
    writeFileSync(text, 'not a database\n'.repeat(20));
    await expect(backupLocalDatabase(text, path.join(folder, 'b.sqlite'))).rejects.toThrow(
      `${text} (ATLAS_LOCAL_DB) is not an SQLite database: it cannot be the local database`,
    );
    const atlas = path.join(folder, 'atlas.sqlite');
    copyFileSync(inject('atlasDb'), atlas);
    await expect(backupLocalDatabase(atlas, path.join(folder, 'c.sqlite'))).rejects.toThrow(
      `${atlas} is not an atlas local database (expected the planners' database of imports and slides): it lacks`,
    );
    expect(readdirSync(folder).sort()).toEqual(['atlas.sqlite', 'notes.txt']);
  });

  it('is named, without FILE, after the database and the time, in a backups folder beside it; -2 when taken', () => {
    const folder = newFolder();
    const local = path.join(folder, 'local.sqlite');
    const at = new Date('2026-12-05T21:30:00.456Z');
    const first = path.join(folder, 'backups', 'local-2026-12-05T21-30-00Z.sqlite');
    expect(defaultBackupPath(local, at)).toBe(first);
    mkdirSync(path.dirname(first));
    writeFileSync(first, '');
    expect(defaultBackupPath(local, at)).toBe(path.join(folder, 'backups', 'local-2026-12-05T21-30-00Z-2.sqlite'));
  });
});
