import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Copies of a local database, made with SQLite's online backup (better-sqlite3's db.backup): pages are read and
 * written under SQLite's own locks, so a copy can be taken from, or written into, a file the server has open and
 * writes. Shared by backup.ts and restore.ts; nothing here prints.
 */

/** 2 560 pages of 4 KiB: progress every 10 MB; the example data (a few dozen pages) in one step. */
export const PAGES_PER_STEP = 2560;
/** How long a copy into a database waits for another connection's write (an import takes well under a second). */
export const LOCK_WAIT_MS = 10_000;
/** How often it looks again meanwhile: SQLite's own busy handler retries at about this pace. */
const LOCK_RETRY_MS = 25;

export interface CopyProgress {
  /** The file being written. */
  destination: string;
  copiedPages: number;
  totalPages: number;
  pageSize: number;
}

export interface CopyOptions {
  pagesPerStep?: number;
  /** Called before the first step, between steps, and once the copy is complete. */
  onProgress?: (progress: CopyProgress) => void;
  lockWaitMs?: number;
}

/** What a local database holds, as the commands report it. */
export interface Content {
  imports: number;
  slides: number;
}

/** A backup or restore not done, for a reason the message gives in full (the file, and what was expected). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * Copies the database `source` is open on into the file `destination`, created or, when it exists, overwritten
 * in one write transaction of its own, as of one moment: a read transaction is held on the source for the whole
 * copy, so the copy is the database as it was when the copy began, whatever other connections commit meanwhile.
 * (Without it SQLite starts the copy again after each such commit, and the copy of a database written more often
 * than a copy takes would never end.) Returns the number of pages copied.
 */
export async function copyPages(source: Database.Database, destination: string, options: CopyOptions = {}) {
  const { pagesPerStep = PAGES_PER_STEP, onProgress, lockWaitMs = LOCK_WAIT_MS } = options;
  const pageSize = source.pragma('page_size', { simple: true }) as number;
  const report = (copiedPages: number, totalPages: number) =>
    onProgress?.({ destination, copiedPages, totalPages, pageSize });
  const deadline = Date.now() + lockWaitMs;
  source.exec('BEGIN');
  try {
    source.prepare('SELECT count(*) FROM sqlite_schema').get();
    for (;;) {
      const { totalPages } = await source.backup(destination, {
        progress: ({ totalPages, remainingPages }) => {
          report(totalPages - remainingPages, totalPages);
          return pagesPerStep;
        },
      });
      if (totalPages > 0) {
        report(totalPages, totalPages);
        return totalPages;
      }
      // SQLite answered "busy" before it could lock the destination: another connection is writing there, and
      // better-sqlite3 then ends the backup as if it were complete, with nothing copied. Tried again meanwhile.
      if (Date.now() >= deadline) {
        throw new BackupError(
          `${destination} stayed locked by another connection's write for ${lockWaitMs / 1000} s: nothing was copied`,
        );
      }
      await sleep(LOCK_RETRY_MS);
    }
  } finally {
    source.exec('COMMIT');
  }
}

/** The imports and slides of a local database (a file made before slides has none). */
export function contentOf(db: Database.Database): Content {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const hasSlides = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'slides'").get();
  return { imports: count('imports'), slides: hasSlides ? count('slides') : 0 };
}

/** Why a database is not sound (PRAGMA integrity_check, then foreign_key_check), or null when it is. */
export function soundnessProblem(db: Database.Database): string | null {
  try {
    const rows = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (rows.join() !== 'ok') {
      // Its first problems, one line each (a row may hold several, under a "*** in database main ***" heading).
      const lines = rows.flatMap((r) => r.split('\n')).filter((l) => !l.startsWith('***'));
      return `PRAGMA integrity_check finds ${lines.slice(0, 3).join('; ')}${lines.length > 3 ? '…' : ''}`;
    }
    const orphans = db.pragma('foreign_key_check') as { table: string }[];
    if (orphans.length > 0) return `PRAGMA foreign_key_check finds ${orphans.length} rows whose parent is missing`;
    return null;
  } catch (error) {
    return `SQLite cannot read it whole (${(error as Error).message})`;
  }
}

/**
 * Copies `source` into a new file `destination`: written as `destination.tmp-PID`, made one self-contained file
 * (rollback journal, not WAL), checked whole, then given its name with link(), which, unlike rename(), fails
 * rather than replace a file that exists. Returns what the copy holds.
 */
export async function writeNewCopy(source: Database.Database, destination: string, options: CopyOptions = {}) {
  const temp = `${destination}.tmp-${process.pid}`;
  removeDatabaseFiles(temp);
  try {
    await copyPages(source, temp, options);
    const copy = new Database(temp, { fileMustExist: true });
    let content: Content;
    try {
      copy.pragma('journal_mode = DELETE');
      const problem = soundnessProblem(copy);
      if (problem) throw new BackupError(`The copy ${temp} is not sound: ${problem}; it was removed`);
      content = contentOf(copy);
    } finally {
      copy.close();
    }
    try {
      linkSync(temp, destination);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError(existsMessage(destination));
      throw error;
    }
    syncFile(path.dirname(destination));
    return content;
  } finally {
    removeDatabaseFiles(temp);
  }
}

export const existsMessage = (file: string) =>
  `${file} exists: a backup never replaces a file; name another, or move that one away first`;

/** A database file and the journal, WAL and shared-memory files SQLite may have left beside it. */
export function removeDatabaseFiles(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

/** fsync: what a copy wrote (a file, its WAL, the folder that names it) is on disk before success is reported. */
export function syncFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The first 100 bytes of an SQLite file are its header; a file of fewer is not one. */
const HEADER_BYTES = 100;
const MAGIC = 'SQLite format 3\0';

/** The page size a database file's header gives, or null when the file is not an SQLite database. */
export function headerPageSize(file: string): number | null {
  if (!statSync(file).isFile()) return null;
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, HEADER_BYTES, 0) < HEADER_BYTES) return null;
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
  const size = header.readUInt16BE(16);
  return size === 1 ? 65536 : size;
}

/** A time as a file name takes it: 2026-12-05T21-30-00Z (UTC, to the second). */
export const fileStamp = (now: Date) =>
  now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');

/** `base + ext`, or `base-2 + ext`, `base-3 + ext`… : the first name no file has. */
export function freeName(base: string, ext: string): string {
  for (let n = 1; ; n++) {
    const file = n === 1 ? `${base}${ext}` : `${base}-${n}${ext}`;
    if (!existsSync(file)) return file;
  }
}
