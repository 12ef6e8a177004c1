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
 * their event loop: the atlas, and @fastify/static serving the same bytes as files. Arguments are routes;
 * one written `paged:ROUTE` stands for ROUTE and every page its `next` links lead to, as a client paging
 * through a layer asks for them. Prints one JSON line {ours, reference, files: {route: file}, pages:
 * {ROUTE: [routes]}, rssBeforeCollect} when both listen; stops on SIGTERM. Started with --expose-gc, it
 * collects its garbage before that line and on SIGUSR2, so that the memory the benchmark reads then is what
 * the servers hold rather than what the collector has not reclaimed yet.
 */
const PAGED = 'paged:';
const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const app = await buildApp({ atlas, clientDir: config.clientDir });
const ours = await app.listen({ port: 0, host: '127.0.0.1' });
const host = new URL(ours).host;

/** The body as the benchmark's clients get it (no compression asked for); a route that fails stops the run. */
async function body(route: string): Promise<Buffer> {
  const response = await app.inject({ url: route, headers: { host } });
  if (response.statusCode !== 200) throw new Error(`${route} answered ${response.statusCode}`);
  return response.rawPayload;
}

/** The route of each page, from the first, following `next` links to the last. */
async function pagesFrom(first: string): Promise<string[]> {
  const routes: string[] = [];
  for (let route: string | undefined = first; route; ) {
    routes.push(route);
    const { links } = JSON.parse((await body(route)).toString()) as { links: { rel: string; href: string }[] };
    const next = links.find((l) => l.rel === 'next')?.href;
    route = next ? `${new URL(next).pathname}${new URL(next).search}` : undefined;
  }
  return routes;
}

const pages: Record<string, string[]> = {};
const routes: string[] = [];
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith(PAGED)) {
    const first = arg.slice(PAGED.length);
    pages[first] = await pagesFrom(first);
    routes.push(...pages[first]);
  } else routes.push(arg);
}

const staticDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-'));
const files: Record<string, string> = {};
for (const route of routes) {
  // The extension sets the static server's content type; the bytes are the route's either way.
  const extension = route.startsWith('/tiles/') ? 'pbf' : 'json';
  files[route] = `${route.replace(/[^\w]+/g, '-')}.${extension}`;
  writeFileSync(path.join(staticDir, files[route]), await body(route));
}
const statics = Fastify();
await statics.register(fastifyStatic, { root: staticDir });
const reference = await statics.listen({ port: 0, host: '127.0.0.1' });
/**
 * Collections a moment apart until the memory stops falling: a collection finds dead Buffers, whose memory
 * their finalisers give back only after it, and the next collection then frees what they held.
 */
const collect = async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  for (let round = 0, before = Infinity; round < COLLECT_ROUNDS; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, COLLECT_PAUSE_MS));
    const rss = process.memoryUsage().rss;
    if (before - rss < 2 ** 20) break;
    before = rss;
  }
};
const COLLECT_PAUSE_MS = 200;
const COLLECT_ROUNDS = 10;
// The start's garbage: every layer read and every route above rendered once.
const rssBeforeCollect = process.memoryUsage().rss;
await collect();
process.on('SIGUSR2', collect);
console.log(JSON.stringify({ ours, reference, files, pages, rssBeforeCollect }));

process.once('SIGTERM', async () => {
  await app.close();
  await statics.close();
  atlas.db.close();
  rmSync(staticDir, { recursive: true, force: true });
  process.exit(0);
});
