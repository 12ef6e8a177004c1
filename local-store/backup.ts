import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  BackupError,
  type Content,
  type CopyOptions,
  existsMessage,
  fileStamp,
  freeName,
  headerPageSize,
  writeNewCopy,
} from './database-copy.ts';
import { localDatabaseProblem } from './local-schema.ts';

export { BackupError, type CopyProgress } from './database-copy.ts';

export interface BackupDone extends Content {
  file: string;
  bytes: number;
  ms: number;
}

/**
 * Where `npm run backup` writes without a FILE: a `backups` folder beside the local database, the database's
 * name and the time, e.g. data/backups/local-2026-12-05T21-30-00Z.sqlite; `-2`… when that name is taken.
 */
export function defaultBackupPath(localPath: string, now = new Date()): string {
  const { dir, name, ext } = path.parse(localPath);
  return freeName(path.join(dir, 'backups', `${name}-${fileStamp(now)}`), ext);
}

/**
 * Copies the local database into a new file `destination`, also while the server and `npm run import` write it:
 * the copy is the database as it was when the backup began (every import and slide committed by then, whole;
 * nothing committed later, nothing half-written), checked whole (PRAGMA integrity_check) before it is given its
 * name. An existing file is never replaced.
 */
export async function backupLocalDatabase(
  localPath: string,
  destination: string,
  options: CopyOptions = {},
): Promise<BackupDone> {
  const started = performance.now();
  if (existsSync(destination)) throw new BackupError(existsMessage(destination));
  if (!existsSync(localPath)) {
    throw new BackupError(
      `No local database at ${localPath}, nothing to back up (ATLAS_LOCAL_DB names it; the first import or ` +
        'slide creates it)',
    );
  }
  if (headerPageSize(localPath) === null) {
    throw new BackupError(`${localPath} (ATLAS_LOCAL_DB) is not an SQLite database: it cannot be the local database`);
  }
  mkdirSync(path.dirname(destination), { recursive: true });
  const db = new Database(localPath, { fileMustExist: true });
  try {
    const problem = localDatabaseProblem(db, localPath);
    if (problem) throw new BackupError(problem);
    const content = await writeNewCopy(db, destination, options);
    return { file: destination, bytes: statSync(destination).size, ms: performance.now() - started, ...content };
  } finally {
    db.close();
  }
}
