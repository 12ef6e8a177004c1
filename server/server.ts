import { buildApp } from './app.ts';
import { openAtlas } from './atlas-db.ts';
import { loadConfig } from './config.ts';
import { openLocalStore } from '../local-data/local-store.ts';

const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const store = openLocalStore(config.localDbPath);
const app = await buildApp({ atlas, clientDir: config.clientDir, local: { store, writeToken: config.writeToken } });

const address = await app.listen({ port: config.port, host: config.host });
console.log(`Alpine Territories Atlas: ${address.replace('127.0.0.1', 'localhost')} (data build ${atlas.buildId})`);
console.log(`Imported data: ${config.localDbPath}; imports through the API ${config.writeToken ? 'need the write token' : 'are off (set ATLAS_WRITE_TOKEN to allow them)'}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    atlas.db.close();
    store.close();
    process.exit(0);
  });
}
