import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildAtlas, inputsHash } from './import/build.ts';
import { InputError } from '../vocabulary/input-error.ts';
import { PROJECT_ROOT } from '../vocabulary/project-root.ts';
import { buildOptions, loadConfig } from '../server/config.ts';
import { openAtlas } from '../server/atlas-db.ts';

/**
 * Run before `npm start`: builds the database when it is missing or was built from other inputs,
 * and the client when it is missing or its sources changed. When both are current it does nothing.
 */
const config = loadConfig();
const options = buildOptions(config);

/** The build id of the current database, or null when there is none the server could open. */
function builtFrom(dbPath: string): string | null {
  if (!existsSync(dbPath)) return null;
  try {
    const { db, buildId } = openAtlas(dbPath);
    db.close();
    return buildId;
  } catch {
    return null;
  }
}

const current = builtFrom(config.dbPath);
if (current !== inputsHash(options)) {
  console.log(
    current
      ? 'The data sources or importers changed: rebuilding the atlas database.'
      : 'First start: building the atlas database.',
  );
  try {
    const { seconds } = await buildAtlas(options);
    console.log(`Database ready in ${seconds} s.`);
  } catch (error) {
    const kind = error instanceof InputError ? 'Bad input' : 'Build failed';
    console.error(`${kind}: ${(error as Error).message}`);
    process.exit(1);
  }
}

const clientInputs = clientInputsHash();
const clientStamp = path.join(config.clientDir, '.inputs-hash');
if (
  !existsSync(path.join(config.clientDir, 'index.html')) ||
  !existsSync(clientStamp) ||
  readFileSync(clientStamp, 'utf8') !== clientInputs
) {
  console.log('Building the client bundle (Vite)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(PROJECT_ROOT, 'client/vite.config.ts'), logLevel: 'warn' });
  // Dot-files are never served (the static route denies them).
  writeFileSync(clientStamp, clientInputs);
  console.log('Client ready.');
}

/**
 * Identifies what the bundle is built from: the client's sources, the vocabulary it imports, the packages' versions.
 */
function clientInputsHash(): string {
  const hash = createHash('sha256');
  const files = ['client', 'vocabulary']
    .flatMap((dir) =>
      readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => !f.startsWith('dist'))
        .map((f) => path.join(PROJECT_ROOT, dir, f)),
    )
    .filter((f) => statSync(f).isFile())
    .sort();
  for (const file of [...files, path.join(PROJECT_ROOT, 'package-lock.json')])
    hash.update(path.relative(PROJECT_ROOT, file)).update(readFileSync(file));
  return hash.digest('hex');
}
