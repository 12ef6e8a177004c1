import Database from 'better-sqlite3';
import { existsSync, mkdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  BackupError,
  type Content,
  type CopyOptions,
  copyPages,
  fileStamp,
  freeName,
  headerPageSize,
  removeDatabaseFiles,
  soundnessProblem,
  syncFile,
  writeNewCopy,
  contentOf,
} from './database-copy.ts';
import { LOCAL_SCHEMA_VERSION, localDatabaseProblem, prepareLocalSchema } from './local-schema.ts';

export interface RestoreDone extends Content {
  /** The copy of the database as it was before, kept; null when there was none. */
  aside: string | null;
  /** The schema version of the file restored when it was older, and brought up to date on the way; else null. */
  upgradedFrom: number | null;
  ms: number;
}

const expected = "expected a backup of the atlas's local database, as npm run backup writes";

/** Opens a file to restore, read-only, once it is known to be a local database this atlas reads; refuses others. */
function openBackup(file: string, localPath: string): Database.Database {
  if (!existsSync(file)) throw new BackupError(`No file ${file} (${expected})`);
  if (existsSync(localPath) && realpathSync(file) === realpathSync(localPath)) {
    throw new BackupError(`${file} is the local database itself (ATLAS_LOCAL_DB): ${expected}`);
  }
  if (headerPageSize(file) === null) {
    throw new BackupError(`${file} is not an SQLite database (it does not begin with "SQLite format 3"): ${expected}`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const problem = localDatabaseProblem(db, file);
    if (problem) throw new BackupError(problem);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} cannot be read as an SQLite database (${(error as Error).message}): ${expected}`);
  }
}

/**
 * Makes the staged copy of a backup ready to be written into the local database: one file, the local database's
 * page size (SQLite copies into a WAL database only between equal page sizes), the current schema; then checks it
 * whole. A damaged backup is refused here, before the local database is touched.
 */
function prepareStaged(staged: string, file: string, localPath: string): Content {
  const db = new Database(staged, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const pageSize = existsSync(localPath) ? headerPageSize(localPath) : null;
    if (pageSize !== null && pageSize !== db.pragma('page_size', { simple: true })) {
      db.pragma(`page_size = ${pageSize}`);
      db.exec('VACUUM');
    }
    prepareLocalSchema(db, file);
    const problem = soundnessProblem(db);
    if (problem) throw new BackupError(`${file} is damaged: ${problem}; nothing was restored`);
    return contentOf(db);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is damaged (${(error as Error).message}); nothing was restored`);
  } finally {
    db.close();
  }
}

/** Why the local database, just written, is not sound or not ours; null when it is. */
function restoredProblem(localPath: string): string | null {
  const db = new Database(localPath, { fileMustExist: true });
  try {
    return localDatabaseProblem(db, localPath) ?? soundnessProblem(db);
  } finally {
    db.close();
  }
}

/** Copies a kept copy back into the local database, after a restore that wrote it and failed its check. */
async function putBack(aside: string, localPath: string, options: CopyOptions): Promise<void> {
  const db = new Database(aside, { readonly: true, fileMustExist: true });
  try {
    await copyPages(db, localPath, options);
  } finally {
    db.close();
  }
}

/**
 * Copies the backup `file` to `staged`, beside the local database, and makes it ready there; returns what it holds
 * and the schema version it had. A backup in WAL mode (a plain copy of the live file, say) opened read-only gets
 * an empty WAL and shared-memory file that SQLite cannot remove on closing: those made here are removed after.
 */
async function stage(file: string, localPath: string, staged: string, options: CopyOptions) {
  const litter = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  try {
    const backup = openBackup(file, localPath);
    let version: number;
    try {
      version = backup.pragma('user_version', { simple: true }) as number;
      await copyPages(backup, staged, options);
    } finally {
      backup.close();
    }
    return { content: prepareStaged(staged, file, localPath), version };
  } finally {
    for (const f of litter) rmSync(f, { force: true });
  }
}

/** Copies the local database as it is to `<localPath>.before-restore-<time>`; null when there is none yet. */
async function keepAside(localPath: string, now: Date, options: CopyOptions): Promise<string | null> {
  if (!existsSync(localPath) || statSync(localPath).size === 0) return null;
  const aside = freeName(`${localPath}.before-restore-${fileStamp(now)}`, '');
  const current = new Database(localPath, { fileMustExist: true });
  try {
    await writeNewCopy(current, aside, options);
  } finally {
    current.close();
  }
  return aside;
}

/**
 * Puts a backup back into the local database `localPath`, also while the server runs: the backup is checked
 * (an atlas local database, not of a newer schema, sound) and staged beside the local database, brought up to the
 * current schema; the local database as it is is copied to `<localPath>.before-restore-<time>` (kept); then the
 * staged content is written into the local database in one SQLite transaction, under its write lock, so a running
 * server sees the old content or the new, never a mixture, and serves the new from its next request (its
 * PRAGMA data_version changes). The result is checked; on any failure the local database is as it was.
 */
export async function restoreLocalDatabase(
  file: string,
  localPath: string,
  options: CopyOptions & { now?: Date } = {},
): Promise<RestoreDone> {
  const started = performance.now();
  mkdirSync(path.dirname(localPath), { recursive: true });
  const staged = `${localPath}.restore.tmp-${process.pid}`;
  removeDatabaseFiles(staged);
  try {
    const { content, version } = await stage(file, localPath, staged, options);
    const aside = await keepAside(localPath, options.now ?? new Date(), options);
    const source = new Database(staged, { readonly: true, fileMustExist: true });
    try {
      // All or nothing: if this fails or the process dies, SQLite rolls the local database's transaction back.
      await copyPages(source, localPath, options);
    } catch (error) {
      const kept = aside ? ` (a copy of it is at ${aside})` : '';
      throw new BackupError(`Nothing was restored: ${(error as Error).message}. ${localPath} is as it was${kept}`);
    } finally {
      source.close();
    }
    const problem = restoredProblem(localPath);
    if (problem) {
      // There was a database: it goes back. There was none: nothing had it open, and the new file goes.
      if (aside) await putBack(aside, localPath, options);
      else removeDatabaseFiles(localPath);
      throw new BackupError(
        `The restored ${localPath} failed its check (${problem}); ` +
          (aside ? `the database as it was is back in place, and kept at ${aside}` : 'it was removed'),
      );
    }
    syncFile(`${localPath}-wal`);
    syncFile(localPath);
    const upgradedFrom = version < LOCAL_SCHEMA_VERSION ? version : null;
    return { ...content, aside, upgradedFrom, ms: performance.now() - started };
  } finally {
    removeDatabaseFiles(staged);
  }
}
