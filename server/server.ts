import { buildApp } from './app.ts';
import { openAtlas } from './atlas-db.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const app = await buildApp({ atlas, clientDir: config.clientDir });

const address = await app.listen({ port: config.port, host: config.host });
console.log(`Alpine Territories Atlas: ${address.replace('127.0.0.1', 'localhost')} (data build ${atlas.buildId})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    atlas.db.close();
    process.exit(0);
  });
}
