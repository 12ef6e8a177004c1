import Database from 'better-sqlite3';

export interface Atlas {
  db: Database.Database;
  /** Identifies the data release; part of every ETag. */
  buildId: string;
}

/** Opens the built atlas read-only: the server never writes to reference data. */
export function openAtlas(dbPath: string): Atlas {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Error(
      `cannot open the atlas database ${dbPath} (${(error as Error).message}); run npm run build:data first`,
    );
  }
  const buildId = db.prepare("SELECT value FROM meta WHERE key = 'build_id'").pluck().get() as string | undefined;
  if (!buildId) throw new Error(`${dbPath} has no build id: it was not made by npm run build:data; rebuild it`);
  return { db, buildId };
}
