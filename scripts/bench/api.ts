import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Side-by-side throughput of the API, in one run on loopback: each route against the same bytes served
 * as a static file by @fastify/static; a bbox query against the full layer; a 304 revalidation against
 * the full response. The servers run in a child process (scripts/bench/servers.ts), autocannon here.
 * Besides requests per second, it reports the servers' CPU time per request (from /proc, Linux), which
 * does not depend on how fast the load generator is. The machine is shared and noisy: read the ratios,
 * not the absolute numbers.
 * Usage: npm run bench [-- seconds]
 */
const seconds = Number(process.argv[2] ?? 10);
const FULL_LAYER = '/ogc/collections/communes/items?limit=10000';
const BBOX = '/ogc/collections/communes/items?limit=10000&bbox=6.55,44.85,6.75,45.05';
const mirrored = [FULL_LAYER, '/api/sources', '/api/layers'];

const servers = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'servers.ts'), ...mirrored],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const [line] = (await once(servers.stdout, 'data')) as [Buffer];
const { ours, reference, files } = JSON.parse(line.toString()) as {
  ours: string;
  reference: string;
  files: Record<string, string>;
};

const fetched = async (url: string) => {
  const response = await fetch(url);
  return { etag: response.headers.get('etag')!, bytes: (await response.arrayBuffer()).byteLength };
};
/** CPU time (user + system) of the servers' process so far, in microseconds. */
const CLOCK_TICKS_PER_SECOND = 100;
const serverCpu = () => {
  const fields = readFileSync(`/proc/${servers.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
};

interface Run {
  perSecond: number;
  p99: number;
  cpuPerRequest: number;
}

const run = async (url: string, headers: Record<string, string> = {}): Promise<Run> => {
  const cpuBefore = serverCpu();
  const result = await autocannon({ url, connections: 10, duration: seconds, headers });
  const cpu = serverCpu() - cpuBefore;
  const expected = headers['if-none-match'] ? result['3xx'] : result['2xx'];
  if (expected !== result.requests.total - result.errors) throw new Error(`${url}: unexpected status codes`);
  return { perSecond: result.requests.average, p99: result.latency.p99, cpuPerRequest: cpu / result.requests.total };
};
const row = (name: string, a: Run, b: Run) =>
  console.log(
    [
      name,
      a.perSecond.toFixed(0),
      b.perSecond.toFixed(0),
      (a.perSecond / b.perSecond).toFixed(2),
      a.cpuPerRequest.toFixed(0),
      b.cpuPerRequest.toFixed(0),
      (b.cpuPerRequest / a.cpuPerRequest).toFixed(2),
      a.p99,
      b.p99,
    ].join(' | '),
  );

console.log(
  `${seconds} s each, 10 connections, loopback, no compression requested; servers in one child process, autocannon ` +
    `in this one`,
);
console.log(
  '\nroute (bytes) | ours req/s | static file req/s | ratio | ours CPU µs/req | static CPU µs/req | CPU ratio ' +
    '(static ÷ ours) | ours p99 ms | static p99 ms',
);
for (const route of mirrored) {
  const { bytes } = await fetched(`${ours}${route}`);
  row(`${route} (${bytes})`, await run(`${ours}${route}`), await run(`${reference}/${files[route]}`));
}

console.log(
  '\nquery | req/s | full layer req/s | ratio | CPU µs/req | full layer CPU µs/req | CPU ratio (full ÷ query) | p99 ' +
    'ms | full layer p99 ms',
);
const full = await run(`${ours}${FULL_LAYER}`);
const bbox = await fetched(`${ours}${BBOX}`);
row(`bbox around Briançon (${bbox.bytes} bytes)`, await run(`${ours}${BBOX}`), full);
const { etag } = await fetched(`${ours}${FULL_LAYER}`);
row('304 revalidation (If-None-Match)', await run(`${ours}${FULL_LAYER}`, { 'if-none-match': etag }), full);

servers.kill('SIGTERM');
await once(servers, 'exit');
