import autocannon from 'autocannon';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { loadConfig } from '../../server/config.ts';

/**
 * Side-by-side throughput of the catalogue routes against the same bytes served as static files by
 * @fastify/static, in one run on loopback. The machine is shared and noisy: read the ratios, not the
 * absolute numbers. Usage: npm run bench:catalogue [-- seconds]
 */
const seconds = Number(process.argv[2] ?? 10);
const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const app = await buildApp({ atlas, clientDir: config.clientDir });
const ours = await app.listen({ port: 0, host: '127.0.0.1' });

const staticDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-'));
const routes = ['/api/sources', '/api/layers'];
for (const route of routes) {
  const body = (await app.inject(route)).rawPayload;
  writeFileSync(path.join(staticDir, `${path.basename(route)}.json`), body);
}
const files = Fastify();
await files.register(fastifyStatic, { root: staticDir });
const reference = await files.listen({ port: 0, host: '127.0.0.1' });

const run = (url: string) => autocannon({ url, connections: 10, duration: seconds });
console.log(`${seconds} s each, 10 connections, loopback`);
console.log('route | ours req/s | static file req/s | ratio | ours p99 ms | static p99 ms');
for (const route of routes) {
  const a = await run(`${ours}${route}`);
  const b = await run(`${reference}/${path.basename(route)}.json`);
  console.log(`${route} | ${a.requests.average.toFixed(0)} | ${b.requests.average.toFixed(0)} | ${(a.requests.average / b.requests.average).toFixed(2)} | ${a.latency.p99} | ${b.latency.p99}`);
}
await app.close();
await files.close();
atlas.db.close();
