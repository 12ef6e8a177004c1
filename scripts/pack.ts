import path from 'node:path';
import { parseArgs } from 'node:util';
import { openLocalStore } from '../local-store/local-store.ts';
import { openAtlas } from '../server/atlas-db.ts';
import { PROJECT_ROOT } from '../vocabulary/project-root.ts';
import { loadConfig } from '../server/config.ts';
import { makePack } from './pack/make-pack.ts';

/**
 * npm run pack [-- --out DIR]: the offline workshop pack, and the static export of the atlas (see
 * scripts/pack/make-pack.ts), from the database and the local data of this checkout.
 */
const USAGE = `npm run pack [-- --out DIR]
  --out DIR   where to write the pack (default: pack/atlas-workshop); DIR.zip is written beside it`;

const { values: options } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } });
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

await import('./ensure-built.ts');
const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const store = openLocalStore(config.localDbPath);
try {
  await makePack({
    atlas,
    store,
    clientDir: config.clientDir,
    out: path.resolve(options.out ?? path.join(PROJECT_ROOT, 'pack/atlas-workshop')),
    log: console.log,
  });
  console.log('Run it with: node serve.js (in that folder), or upload site/ to a static host.');
} finally {
  atlas.db.close();
  store.close();
}
