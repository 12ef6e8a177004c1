import path from 'node:path';
import { BackupError } from '../local-store/backup.ts';
import { restoreLocalDatabase } from '../local-store/restore.ts';
import { loadConfig } from '../server/config.ts';
import { printProgress, seconds } from './backup-output.ts';

const USAGE = `Put a backup of the planners' local database back (one npm run backup made).

  npm run restore -- FILE

FILE must be an atlas local database (SQLite, with the store's tables) of this atlas's schema version or an
earlier one (brought up to date on the way), and sound (PRAGMA integrity_check); any other file is refused and
nothing changes. The local database as it is is first copied to <local database>.before-restore-<UTC time>,
which is kept (remove it when you no longer need it); then FILE's content is written into the local database
in one SQLite transaction. The server may keep running: it serves the restored imports and slides from its next
request. If anything fails, the local database stays as it was.

Environment: ATLAS_LOCAL_DB (the local database, default data/local.sqlite).`;

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    console.error(
      `${args.length === 0 ? 'No FILE given' : `Unexpected ${JSON.stringify(args.join(' '))}`}.\n\n${USAGE}`,
    );
    return 1;
  }
  const { localDbPath } = loadConfig();
  // npm runs a script in the repository's root; INIT_CWD is the folder the command was typed in.
  const file = path.resolve(process.env.INIT_CWD ?? '', args[0]!);
  console.log(`Restoring ${file} into ${localDbPath}`);
  try {
    const done = await restoreLocalDatabase(file, localDbPath, { onProgress: printProgress });
    const upgraded = done.upgradedFrom === null ? '' : `, brought from schema version ${done.upgradedFrom} up to date`;
    console.log(
      `Restored ${file} into ${localDbPath}: ${done.imports} imports, ${done.slides} slides${upgraded}, ` +
        `in ${seconds(done.ms)}`,
    );
    if (done.aside) console.log(`The database as it was is kept as ${done.aside}: remove it when no longer needed.`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`Not restored: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
