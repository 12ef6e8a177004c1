import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tileUrl } from '../../vocabulary/tiles.ts';
import { collectedMemory, residentMemory, sampleResident } from './server-memory.ts';
import { printTable } from './table.ts';

/**
 * Side-by-side throughput of the API, in one run on loopback: each route against the same bytes served
 * as a static file by @fastify/static (the communes whole, as the page lists them, in pages of 1000 followed
 * to the end, in two bboxes; two vector tiles; the catalogue); bbox queries and a 304 revalidation against
 * the full layer. The servers run in a child process (scripts/bench/servers.ts), autocannon here.
 * Besides requests per second, it reports the servers' CPU time per request (from /proc, Linux), which
 * does not depend on how fast the load generator is, and the servers' resident memory before, during and
 * after the load. The machine is shared and noisy: read the ratios, not the absolute numbers.
 * Usage: npm run bench [-- seconds]
 */
const seconds = Number(process.argv[2] ?? 10);
const started = performance.now();
const loadAtStart = loadavg()[0]!;
const COMMUNES = '/ogc/collections/communes/items';
const FULL_LAYER = `${COMMUNES}?limit=10000`;
const BBOX = `${COMMUNES}?limit=10000&bbox=6.55,44.85,6.75,45.05`;
/** The commune list the dashboard loads, as client/src/api.ts asks for it: properties only, the map has tiles. */
const PAGE_LIST =
  `${COMMUNES}?limit=10000&properties=code,name,country,province_name,territories,ref_lon,ref_lat,ref_method,` +
  'nuts3&skipGeometry=true&f=json';
/** The box of the territory cc-brianconnais, and a band across the Alps from the Dauphiné to Carinthia. */
const BBOX_BRIANCONNAIS = `${COMMUNES}?limit=10000&bbox=6.20,44.79,6.89,45.13`;
const BBOX_ACROSS_ALPS = `${COMMUNES}?limit=10000&bbox=4.88,45.5,16.48,46.5`;

/** The XYZ tile (as MapLibre asks for it) holding a point. */
function tileAt(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n;
  return [z, Math.floor(((lon + 180) / 360) * n), Math.floor(y)];
}
/** The most detailed tile over Briançon, and a tile of the whole-Alps view (zoom 6 round 10.5° E 46.2° N). */
const TILE_BRIANCON = tileUrl('communes', ...tileAt(6.6432, 44.8986, 10));
const TILE_ALPS = tileUrl('communes', ...tileAt(10.5, 46.2, 6));

/** Routes compared with the same bytes as static files; a paged one is every page, asked for in turn. */
const MIRRORED: { label: string; route: string; paged?: true }[] = [
  { label: 'communes, full layer', route: FULL_LAYER },
  { label: "communes, the page's list (skipGeometry)", route: PAGE_LIST },
  { label: 'communes, pages of 1000 in turn', route: `${COMMUNES}?limit=1000`, paged: true },
  { label: 'communes, bbox of the Briançonnais', route: BBOX_BRIANCONNAIS },
  { label: 'communes, bbox across the Alps', route: BBOX_ACROSS_ALPS },
  { label: 'tile, zoom 10 over Briançon', route: TILE_BRIANCON },
  { label: 'tile, zoom 6 over the Alps', route: TILE_ALPS },
  { label: '/api/sources', route: '/api/sources' },
  { label: '/api/layers', route: '/api/layers' },
];

const servers = spawn(
  process.execPath,
  [
    '--expose-gc',
    '--import',
    'tsx',
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'servers.ts'),
    ...MIRRORED.map((m) => (m.paged ? `paged:${m.route}` : m.route)),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = (await once(servers.stdout, 'data')) as [Buffer];
const { ours, reference, files, pages, rssBeforeCollect } = JSON.parse(line.toString()) as {
  ours: string;
  reference: string;
  files: Record<string, string>;
  pages: Record<string, string[]>;
  rssBeforeCollect: number;
};
const pid = servers.pid!;
/** servers.ts collects its garbage on SIGUSR2. */
const collect = () => servers.kill('SIGUSR2');

const fetched = async (url: string) => {
  const response = await fetch(url);
  return { etag: response.headers.get('etag')!, bytes: (await response.arrayBuffer()).byteLength };
};
/** CPU time (user + system) of the servers' process so far, in microseconds. */
const CLOCK_TICKS_PER_SECOND = 100;
const serverCpu = () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
};

interface Run {
  perSecond: number;
  p99: number;
  cpuPerRequest: number;
}
/** The servers' resident memory as each run began, and the most sampled during it. */
const memoryByRun: { run: string; atStart: number; largest: number }[] = [];

/** Loads `paths` of one server in turn on every connection (one path: that route alone). */
const run = async (name: string, origin: string, paths: string[], headers: Record<string, string> = {}) => {
  const cpuBefore = serverCpu();
  const atStart = residentMemory(pid).rss;
  const memory = sampleResident(pid);
  const result = await autocannon({
    url: origin,
    connections: 10,
    duration: seconds,
    headers,
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
  memoryByRun.push({ run: name, atStart, largest: memory.stop() });
  const cpu = serverCpu() - cpuBefore;
  const expected = headers['if-none-match'] ? result['3xx'] : result['2xx'];
  if (expected !== result.requests.total - result.errors) throw new Error(`${name}: unexpected status codes`);
  const measured: Run = {
    perSecond: result.requests.average,
    p99: result.latency.p99,
    cpuPerRequest: cpu / result.requests.total,
  };
  console.log(`  ${name}: ${measured.perSecond.toFixed(0)} req/s`);
  return measured;
};
/** Figures of a compared pair: a's rate over b's, b's CPU per request over a's (above 1: a costs less). */
const figures = (a: Run, b: Run) => [
  a.perSecond.toFixed(0),
  b.perSecond.toFixed(0),
  (a.perSecond / b.perSecond).toFixed(2),
  a.cpuPerRequest.toFixed(0),
  b.cpuPerRequest.toFixed(0),
  (b.cpuPerRequest / a.cpuPerRequest).toFixed(2),
  String(a.p99),
  String(b.p99),
];
const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

console.log(
  `${seconds} s each, 10 connections, loopback, no compression requested; servers in one child process ` +
    `(pid ${pid}), autocannon in this one`,
);
const memoryBefore = await collectedMemory(pid, collect);
const mirroredRows: string[][] = [];
const byRoute = new Map<string, Run>();
for (const { label, route } of MIRRORED) {
  const routes = pages[route] ?? [route];
  let bytes = 0;
  for (const r of routes) bytes += (await fetched(`${ours}${r}`)).bytes;
  const mine = await run(`${label}, ours`, ours, routes);
  const theirs = await run(
    `${label}, static`,
    reference,
    routes.map((r) => `/${files[r]}`),
  );
  byRoute.set(route, mine);
  const what = routes.length > 1 ? `${size(bytes)} in ${routes.length} pages` : size(bytes);
  mirroredRows.push([label, what, ...figures(mine, theirs)]);
}

const full = await run('full layer (again, for the queries)', ours, [FULL_LAYER]);
const queryRows: string[][] = [];
const bbox = await fetched(`${ours}${BBOX}`);
queryRows.push(['bbox around Briançon', size(bbox.bytes), ...figures(await run('bbox', ours, [BBOX]), full)]);
for (const { label, route } of MIRRORED.filter((m) => m.route.includes('bbox='))) {
  const { bytes } = await fetched(`${ours}${route}`);
  queryRows.push([
    `${label.replace('communes, ', '')} (run above)`,
    size(bytes),
    ...figures(byRoute.get(route)!, full),
  ]);
}
const { etag } = await fetched(`${ours}${FULL_LAYER}`);
const revalidation = await run('304', ours, [FULL_LAYER], { 'if-none-match': etag });
queryRows.push(['304 revalidation (If-None-Match)', '', ...figures(revalidation, full)]);
const memoryAfter = residentMemory(pid);
// What stays once the collector has run: what the load left, such as the caches it filled.
const memoryCollected = await collectedMemory(pid, collect);
const peak = residentMemory(pid).peak;

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
console.log('\nRoutes against the same bytes served as static files by @fastify/static:\n');
printTable(
  [
    'route',
    'bytes',
    'ours req/s',
    'static req/s',
    'ratio (ours ÷ static)',
    'ours CPU µs/req',
    'static CPU µs/req',
    'CPU ratio (static ÷ ours)',
    'ours p99 ms',
    'static p99 ms',
  ],
  mirroredRows,
);
console.log('');
for (const { label, route } of MIRRORED) console.log(`  ${label}: ${route}`);
console.log('\nQueries against the full layer (measured just before the bbox around Briançon):\n');
printTable(
  [
    'query',
    'bytes',
    'req/s',
    'full layer req/s',
    'ratio (query ÷ full)',
    'CPU µs/req',
    'full layer CPU µs/req',
    'CPU ratio (full ÷ query)',
    'p99 ms',
    'full layer p99 ms',
  ],
  queryRows,
);
console.log(`\n  bbox around Briançon: ${BBOX}`);
console.log("\nResident memory of the servers' process (the atlas and the static server; VmRSS, MiB):\n");
printTable(
  ['moment', 'MiB'],
  [
    ['started, every route answered once, not yet collected', mb(rssBeforeCollect)],
    ['before the load: idle 5 s, then collected', mb(memoryBefore)],
    ['most sampled during the load (every 100 ms)', mb(Math.max(...memoryByRun.map((m) => m.largest)))],
    ['right after the load', mb(memoryAfter.rss)],
    ['after the load: idle 5 s, then collected', mb(memoryCollected)],
    ['peak of its life (VmHWM)', mb(peak)],
  ],
);
console.log('');
printTable(
  ['run', 'MiB at start', 'most during'],
  memoryByRun.map((m) => [m.run, mb(m.atStart), mb(m.largest)]),
);
console.log(
  `\nThe run took ${((performance.now() - started) / 1000).toFixed(0)} s; load average (1 min) ` +
    `${loadAtStart.toFixed(2)} at its start, ${loadavg()[0]!.toFixed(2)} at its end (${cpus().length} cores).`,
);

servers.kill('SIGTERM');
await once(servers, 'exit');
