import { buildApp } from './app.ts';
import { openAtlas } from './atlas-db.ts';
import { loadConfig, SHUTDOWN_GRACE_MS } from './config.ts';
import { openLocalStore } from '../local-store/local-store.ts';

const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const store = openLocalStore(config.localDbPath);
const app = await buildApp({
  atlas,
  clientDir: config.clientDir,
  local: { store, writeToken: config.writeToken },
  rateLimits: config.rateLimits,
  logLevel: config.logLevel,
  trustProxy: config.trustProxy,
  basePath: config.basePath,
});

const address = await app.listen({ port: config.port, host: config.host });
console.log(`Alpine Territories Atlas: ${address.replace('127.0.0.1', 'localhost')} (data build ${atlas.buildId})`);
console.log(
  `Imported data: ${config.localDbPath}; imports through the API ` +
    `${config.writeToken ? 'need the write token' : 'are off (set ATLAS_WRITE_TOKEN to allow them)'}`,
);

// On SIGTERM (a load balancer, systemd, docker stop) or Ctrl-C: stop accepting connections, answer 503 on
// kept-alive ones (so /healthz says "not ready"), finish the requests in flight, close the databases, exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    console.log(`${signal}: finishing the requests in flight, then stopping`);
    setTimeout(() => {
      console.error(`Requests still running after ${SHUTDOWN_GRACE_MS / 1000} s: stopping anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    atlas.db.close();
    store.close();
    process.exit(0);
  });
}
