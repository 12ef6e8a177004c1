import path from 'node:path';
import { BackupError, backupLocalDatabase, defaultBackupPath } from '../local-store/backup.ts';
import { loadConfig } from '../server/config.ts';
import { printProgress, seconds, size } from './backup-output.ts';

const USAGE = `Back up the planners' local database (imports and slides), also while the atlas runs and writes it.

  npm run backup               to backups/local-<UTC date and time>.sqlite beside the local database
                               (data/backups/ by default)
  npm run backup -- FILE       to FILE, which must not exist

The copy is the database as it was when the backup began: every import and slide saved by then, nothing
half-written. It is written to FILE.tmp-PID, checked (PRAGMA integrity_check), then named FILE; an existing file
is never replaced. Put it back with npm run restore -- FILE.

Environment: ATLAS_LOCAL_DB (the local database, default data/local.sqlite).`;

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length > 1 || args[0]?.startsWith('-')) {
    console.error(`Unexpected ${JSON.stringify(args.join(' '))}: give at most one FILE.\n\n${USAGE}`);
    return 1;
  }
  const { localDbPath } = loadConfig();
  // npm runs a script in the repository's root; INIT_CWD is the folder the command was typed in.
  const destination = args[0] ? path.resolve(process.env.INIT_CWD ?? '', args[0]) : defaultBackupPath(localDbPath);
  console.log(`Backing up ${localDbPath} to ${destination}`);
  try {
    const done = await backupLocalDatabase(localDbPath, destination, { onProgress: printProgress });
    console.log(
      `Backed up to ${done.file}: ${size(done.bytes)} (${done.imports} imports, ${done.slides} slides) ` +
        `in ${seconds(done.ms)}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`Not backed up: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
