import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { loadConfig } from '../../server/config.ts';

/**
 * The two servers of the benchmark, in a process of their own so that the load generator does not share
 * their event loop: the atlas, and @fastify/static serving the same bytes as files. Prints one JSON line
 * {ours, reference, files: {route: file}} when both listen; stops on SIGTERM.
 */
const routes = process.argv.slice(2);
const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const app = await buildApp({ atlas, clientDir: config.clientDir });
const ours = await app.listen({ port: 0, host: '127.0.0.1' });

const staticDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-'));
const files: Record<string, string> = {};
for (const route of routes) {
  files[route] = `${route.replace(/[^\w]+/g, '-')}.json`;
  const body = (await app.inject({ url: route, headers: { host: new URL(ours).host } })).rawPayload;
  writeFileSync(path.join(staticDir, files[route]), body);
}
const statics = Fastify();
await statics.register(fastifyStatic, { root: staticDir });
const reference = await statics.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ ours, reference, files }));

process.once('SIGTERM', async () => {
  await app.close();
  await statics.close();
  atlas.db.close();
  rmSync(staticDir, { recursive: true, force: true });
  process.exit(0);
});
