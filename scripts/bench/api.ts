import autocannon from 'autocannon';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../server/app.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { loadConfig } from '../../server/config.ts';

/**
 * Side-by-side throughput of the API, in one run on loopback: each route against the same bytes served
 * as a static file by @fastify/static; a bbox query against the full layer; a 304 revalidation against
 * the full response. The machine is shared and noisy: read the ratios, not the absolute numbers.
 * Usage: npm run bench [-- seconds]
 */
const seconds = Number(process.argv[2] ?? 10);
const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const app = await buildApp({ atlas, clientDir: config.clientDir });
const ours = await app.listen({ port: 0, host: '127.0.0.1' });
const host = new URL(ours).host;

const FULL_LAYER = '/ogc/collections/communes/items?limit=10000';
const BBOX = '/ogc/collections/communes/items?limit=10000&bbox=6.55,44.85,6.75,45.05';
const staticDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-'));
const staticName = (route: string) => `${route.replace(/[^\w]+/g, '-')}.json`;
const mirrored = [FULL_LAYER, '/api/sources', '/api/layers'];
const sizes = new Map<string, number>();
for (const route of mirrored) {
  const body = (await app.inject({ url: route, headers: { host } })).rawPayload;
  sizes.set(route, body.length);
  writeFileSync(path.join(staticDir, staticName(route)), body);
}
const etag = (await app.inject({ url: FULL_LAYER, headers: { host } })).headers.etag as string;
const bboxSize = (await app.inject({ url: BBOX, headers: { host } })).rawPayload.length;
const files = Fastify();
await files.register(fastifyStatic, { root: staticDir });
const reference = await files.listen({ port: 0, host: '127.0.0.1' });

const run = async (url: string, headers: Record<string, string> = {}) => {
  const result = await autocannon({ url, connections: 10, duration: seconds, headers });
  if (result.non2xx !== 0 && !headers['if-none-match']) throw new Error(`${url}: ${result.non2xx} responses were not 2xx`);
  return result;
};
const row = (name: string, a: autocannon.Result, b: autocannon.Result) =>
  console.log(`${name} | ${a.requests.average.toFixed(0)} | ${b.requests.average.toFixed(0)} | ${(a.requests.average / b.requests.average).toFixed(2)} | ${a.latency.p99} | ${b.latency.p99}`);

console.log(`${seconds} s each, 10 connections, loopback, no compression requested`);
console.log('\nroute (bytes) | ours req/s | static file req/s | ratio | ours p99 ms | static p99 ms');
for (const route of mirrored) {
  row(`${route} (${sizes.get(route)})`, await run(`${ours}${route}`), await run(`${reference}/${staticName(route)}`));
}

console.log('\nquery | req/s | full layer req/s | ratio | p99 ms | full layer p99 ms');
const full = await run(`${ours}${FULL_LAYER}`);
row(`bbox around Briançon (${bboxSize} bytes)`, await run(`${ours}${BBOX}`), full);
row('304 revalidation (If-None-Match)', await run(`${ours}${FULL_LAYER}`, { 'if-none-match': etag }), full);

await app.close();
await files.close();
atlas.db.close();
rmSync(staticDir, { recursive: true, force: true });
