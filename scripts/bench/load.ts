import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../vocabulary/project-root.ts';

/**
 * Load test: the server as `npm start` runs it (server/server.ts under `node --import tsx`, in a child
 * process on 127.0.0.1, an empty temporary local database, no write token) takes 100 concurrent
 * keep-alive connections from autocannon in this process for a fixed time (30 s by default), each
 * connection cycling through a mix of the main read routes, some with `Accept-Encoding: br, gzip` as a
 * browser sends, a 304 revalidation, and requests the API must refuse (400, 404).
 * One request of the mix asks for a bbox that changes every time: it misses the response cache, so the
 * render path runs under load and the cache fills and evicts, which is what the memory bound checks. These
 * misses are 1 request in 22 but most of the server's CPU: without them the rate about doubles.
 * It reports requests per second, latency p50/p99, status classes, errors and timeouts, and the server's
 * resident memory (VmRSS from /proc, Linux only) at start, at its peak and at the end.
 * It fails (exit code 1) on any connection error or timeout, any 5xx, any status other than the one each
 * request expects (the 400s and 404s of the mix are expected), a broken memory bound, or a server that does
 * not stop on SIGTERM. Loopback clients are exempt from the rate limits, so these are not exercised.
 * The machine has 2 cores shared by the server and the load generator: the absolute rate depends on it
 * (and on whatever else runs), the pass/fail checks do not.
 * Usage: npm run bench:load [-- seconds]
 */
const seconds = Number(process.argv[2] ?? 30);
if (!Number.isFinite(seconds) || seconds < 6) {
  console.error(
    `Usage: npm run bench:load [-- seconds]; seconds: a number ≥ 6, got ${JSON.stringify(process.argv[2])}`,
  );
  process.exit(1);
}
const CONNECTIONS = 100;

/**
 * Memory bounds, in bytes of resident memory. The rendered-response cache holds at most 64 MB of bodies per
 * data release (server/ogc/cache-policy.ts), plus their compressed forms; after start-up and the first
 * seconds of load (JIT, connection buffers, compressed bodies made once), a server that keeps nothing per
 * request stays level (measured: about 180 MB at start, 285 MB after 5 s, peaks of 360-375 MB). Growth of
 * more than 300 MB over the level reached 5 s into the run means something is kept per request; 1 GiB in
 * all is nearly three times what this server needs under this load.
 */
const MAX_RSS = 1024 * 1024 * 1024;
const MAX_GROWTH = 300 * 1024 * 1024;
const BASELINE_AFTER_SECONDS = 5;
/** The server gives requests in flight 10 s after SIGTERM, then exits anyway (with 1): wait a little longer. */
const STOP_TIMEOUT_MS = 15_000;

const BROWSER = { 'accept-encoding': 'br, gzip' };

interface MixedRequest {
  label: string;
  path: string;
  expect: number;
  headers?: Record<string, string>;
  /** A new path for each request, for requests that must miss the server's caches. */
  nextPath?: () => string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** A port free on loopback now; the server binds it a moment later. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('Could not find a free port');
  return address.port;
}

/** One GET on a fresh connection, the body as sent (no decompression). */
function get(origin: string, requestPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = http.get(`${origin}${requestPath}`, { headers, agent: false, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${requestPath}: no answer in 10 s`)));
    request.on('error', reject);
  });
}

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kilobytes === undefined) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Number(kilobytes) * 1024;
}

/**
 * Boxes of 0.1° to 0.5° over the communes (6.1-7.4° E, 44.5-45.6° N), a new one each call: deterministic,
 * so that runs compare, and not repeated within a run, so that each misses the response cache (tens of KB
 * each: the cache's 64 MB fill within seconds and it evicts from then on).
 */
function bboxSequence(): () => string {
  let i = 0;
  return () => {
    i += 1;
    const west = 6.1 + ((i * 0.0137) % 1.1);
    const south = 44.5 + ((i * 0.0071) % 0.9);
    const size = 0.1 + ((i * 0.031) % 0.4);
    const box = [west, south, west + size, south + size].map((n) => n.toFixed(5)).join(',');
    return `/ogc/collections/communes/items?limit=1000&bbox=${box}&f=json`;
  };
}

/** The mix each connection cycles through; the code, territory and ETag are read from the server. */
async function requestMix(origin: string): Promise<MixedRequest[]> {
  const first = await get(origin, '/ogc/collections/communes/items?limit=1&f=json');
  if (first.status !== 200) throw new Error(`/ogc/collections/communes/items answered ${first.status}`);
  const feature = (
    JSON.parse(first.body.toString()) as { features: { id: string; properties: { territories?: string[] } }[] }
  ).features[0];
  const territory = feature?.properties.territories?.[0];
  if (!feature || !territory) throw new Error('The communes collection has no commune in a territory to query');
  const etag = (await get(origin, '/api/layers')).headers.etag;
  if (!etag) throw new Error('/api/layers sent no ETag');
  const communes = '/ogc/collections/communes/items';
  return [
    {
      label: 'communes, whole layer as the map asks (br)',
      path: `${communes}?limit=10000&properties=code,name,country,province_name,territories,ref_method,nuts3&f=json`,
      expect: 200,
      headers: BROWSER,
    },
    { label: 'communes, first page', path: `${communes}?limit=10&f=json`, expect: 200 },
    {
      label: 'communes, bbox around Briançon (br)',
      path: `${communes}?limit=100&bbox=6.55,44.85,6.75,45.05&f=json`,
      expect: 200,
      headers: BROWSER,
    },
    {
      label: `communes, territory ${territory} (br)`,
      path: `${communes}?limit=1000&territory=${territory}&f=json`,
      expect: 200,
      headers: BROWSER,
    },
    // As a browser asks: each miss costs a render and a brotli compression at the fast level of per-query
    // renders (at quality 11, ~180 ms for 120 KB, this request alone brought the server to 410 req/s, p99 3.5 s).
    {
      label: 'communes, a new bbox each time (cache miss, br)',
      path: `${communes}?limit=1000&bbox=6,45,6.1,45.1&f=json`,
      expect: 200,
      nextPath: bboxSequence(),
      headers: BROWSER,
    },
    { label: `commune ${feature.id}`, path: `${communes}/${feature.id}?f=json`, expect: 200 },
    { label: 'flows (br)', path: '/ogc/collections/flows/items?limit=10000&f=json', expect: 200, headers: BROWSER },
    { label: 'services', path: '/ogc/collections/services/items?limit=10000&f=json', expect: 200 },
    { label: 'indicators (br)', path: '/api/indicators', expect: 200, headers: BROWSER },
    {
      label: 'population density values (br)',
      path: '/api/indicators/population-density',
      expect: 200,
      headers: BROWSER,
    },
    { label: 'sources', path: '/api/sources', expect: 200 },
    { label: 'layers', path: '/api/layers', expect: 200 },
    {
      label: 'layers, revalidated (If-None-Match)',
      path: '/api/layers',
      expect: 304,
      headers: { ...BROWSER, 'if-none-match': etag },
    },
    { label: 'basemap (br)', path: '/api/basemap', expect: 200, headers: BROWSER },
    { label: 'healthcare access context', path: '/api/context/healthcare-access', expect: 200 },
    { label: 'healthz', path: '/healthz', expect: 200 },
    { label: 'client page / (br)', path: '/', expect: 200, headers: BROWSER },
    { label: 'bad bbox, three numbers', path: `${communes}?bbox=6.5,45,6.7&f=json`, expect: 400 },
    { label: 'bad bbox, south above north', path: `${communes}?bbox=6.5,45.1,6.7,44.9&f=json`, expect: 400 },
    { label: 'unknown parameter', path: '/api/sources?page=2', expect: 400 },
    { label: 'unknown collection', path: '/ogc/collections/no-such-collection/items', expect: 404 },
    { label: 'unknown commune', path: `${communes}/00000?f=json`, expect: 404 },
  ];
}

/** Starts the server as `npm start` does and waits until /healthz answers. */
async function startServer(localDbPath: string) {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port), ATLAS_LOCAL_DB: localDbPath };
  delete env.ATLAS_WRITE_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server/server.ts')], {
    cwd: PROJECT_ROOT,
    env,
    // Its log (a JSON line per request and answer) goes to a file beside the local database, not to the console.
    stdio: ['ignore', openSync(`${localDbPath}.log`, 'w'), 'inherit'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The server exited before it was ready (${child.exitCode ?? child.signalCode})`);
    if (Date.now() > deadline) throw new Error('The server did not answer /healthz within 60 s');
    ready = await get(origin, '/healthz').then(
      (r) => r.status === 200,
      () => false,
    );
    if (!ready) await sleep(200);
  }
  return { child, pid: child.pid!, origin, exited };
}

/** SIGTERM, then SIGKILL if the server has not exited after STOP_TIMEOUT_MS; what went wrong, or null. */
async function stopServer(server: Awaited<ReturnType<typeof startServer>>): Promise<string | null> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null)
    return `the server had exited (${child.exitCode ?? child.signalCode}) before the end`;
  child.kill('SIGTERM');
  const stopped = await Promise.race([server.exited, sleep(STOP_TIMEOUT_MS).then(() => null)]);
  if (stopped === null) {
    child.kill('SIGKILL');
    await server.exited;
    return `the server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM (killed)`;
  }
  return stopped.code === 0 ? null : `the server stopped on SIGTERM with ${stopped.code ?? stopped.signal}, not 0`;
}

/** Counts each response by request of the mix and status, and those whose status was not the expected one. */
class Tally {
  readonly statuses = new Map<MixedRequest, Map<number, number>>();
  readonly unexpected = new Map<string, number>();
  responses = 0;

  record(request: MixedRequest, status: number) {
    this.responses += 1;
    const byStatus = this.statuses.get(request) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.statuses.set(request, byStatus);
    if (status !== request.expect) {
      const what = `${request.label}: ${status}`;
      this.unexpected.set(what, (this.unexpected.get(what) ?? 0) + 1);
    }
  }

  count(request: MixedRequest, status: number): number {
    return this.statuses.get(request)?.get(status) ?? 0;
  }
}

/** The autocannon requests of the mix; each connection starts at another place in it, so that routes overlap. */
function autocannonRequests(mix: MixedRequest[], tally: Tally) {
  const requests: autocannon.Request[] = mix.map((request) => ({
    method: 'GET',
    path: request.path,
    headers: request.headers ?? {},
    ...(request.nextPath
      ? { setupRequest: (built: autocannon.Request) => ({ ...built, path: request.nextPath!() }) }
      : {}),
    onResponse: (status: number) => tally.record(request, status),
  }));
  let clients = 0;
  const setupClient = (client: autocannon.Client) => {
    const start = clients++ % requests.length;
    client.setRequests([...requests.slice(start), ...requests.slice(0, start)].map((r) => ({ ...r })));
  };
  return { requests, setupClient };
}

/** Warms up, runs the load, prints the figures; returns what failed. */
async function measure({ pid, origin }: { pid: number; origin: string }): Promise<string[]> {
  const failures: string[] = [];
  const mix = await requestMix(origin);

  console.log('\nWarming up: each request of the mix once (status, bytes as sent, encoding)…');
  for (const request of mix) {
    const response = await get(origin, request.path, request.headers);
    const encoding = response.headers['content-encoding'] ?? 'identity';
    console.log(
      `  ${response.status} ${String(response.body.length).padStart(8)} B ${encoding.padEnd(8)} ${request.label}`,
    );
    if (response.status !== request.expect)
      failures.push(`warm-up: ${request.label} answered ${response.status}, expected ${request.expect}`);
  }
  if (failures.length > 0) return failures;

  const tally = new Tally();
  const rssStart = rssOf(pid);
  const samples: number[] = [];
  console.log(
    `\nRunning ${seconds} s: ${CONNECTIONS} connections, ${mix.length} requests in the mix, server RSS ` +
      `${mb(rssStart)}…`,
  );
  const sampler = setInterval(() => {
    try {
      samples.push(rssOf(pid));
    } catch {
      return; // The server is gone: the run's errors say so.
    }
    if (samples.length % 5 === 0)
      console.log(`  ${samples.length} s: ${tally.responses} responses, server RSS ${mb(samples.at(-1)!)}`);
  }, 1000);
  let result: autocannon.Result;
  try {
    result = await autocannon({
      url: origin,
      connections: CONNECTIONS,
      duration: seconds,
      ...autocannonRequests(mix, tally),
    });
  } finally {
    clearInterval(sampler);
  }
  const rssEnd = rssOf(pid);
  const rssPeak = Math.max(rssStart, rssEnd, ...samples);
  const rssBaseline = samples[BASELINE_AFTER_SECONDS - 1] ?? rssStart;

  console.log('\nResponses by request of the mix (status×count):');
  for (const request of mix) {
    const byStatus = [...(tally.statuses.get(request) ?? [])].map(([status, count]) => `${status}×${count}`).join(' ');
    console.log(`  ${request.label.padEnd(50)} ${byStatus || 'none'}`);
  }
  const expected4xx = mix
    .filter((r) => r.expect >= 400 && r.expect < 500)
    .reduce((sum, r) => sum + tally.count(r, r.expect), 0);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const statusClasses =
    `2xx ${result['2xx']}, 3xx ${result['3xx']}, 4xx ${result['4xx']} (expected ${expected4xx}), ` +
    `5xx ${result['5xx']}, 1xx ${result['1xx']}`;
  const unexpected =
    tally.unexpected.size === 0 ? 'none' : [...tally.unexpected].map(([what, count]) => `${what} ×${count}`).join('; ');
  const rss =
    `start ${mb(rssStart)}, at ${BASELINE_AFTER_SECONDS} s ${mb(rssBaseline)}, ` +
    `peak ${mb(rssPeak)}, end ${mb(rssEnd)}`;
  console.log(`
Load test, ${result.duration.toFixed(1)} s, ${CONNECTIONS} connections, loopback
  requests per second (mean)  ${result.requests.average.toFixed(0)}
  latency p50 / p99 / max     ${ms(result.latency.p50)} / ${ms(result.latency.p99)} / ${ms(result.latency.max)}
  responses                   ${result.requests.total} (requests sent ${result.requests.sent})
  status classes              ${statusClasses}
  unexpected statuses         ${unexpected}
  errors (with timeouts)      ${result.errors}, of which timeouts ${result.timeouts}
  server RSS                  ${rss}`);

  if (result.errors > 0) failures.push(`${result.errors} connection errors, of which ${result.timeouts} timeouts`);
  if (result['5xx'] > 0) failures.push(`${result['5xx']} responses 5xx`);
  if (tally.unexpected.size > 0)
    failures.push(
      `${[...tally.unexpected.values()].reduce((a, b) => a + b, 0)} responses with another status than expected`,
    );
  if (rssPeak > MAX_RSS) failures.push(`server RSS peaked at ${mb(rssPeak)}, above the bound of ${mb(MAX_RSS)}`);
  if (rssPeak - rssBaseline > MAX_GROWTH) {
    failures.push(
      `server RSS grew by ${mb(rssPeak - rssBaseline)} after the first ${BASELINE_AFTER_SECONDS} s, above the bound ` +
        `of ${mb(MAX_GROWTH)}`,
    );
  }
  return failures;
}

// As `npm start` does first (prestart): build the database and the client if missing or out of date.
console.log('Checking the database and client builds…');
await import('../ensure-built.ts');

const tempDir = mkdtempSync(path.join(tmpdir(), 'atlas-load-'));
let server: Awaited<ReturnType<typeof startServer>> | null = null;
process.once('SIGINT', () => {
  server?.child.kill('SIGTERM');
  rmSync(tempDir, { recursive: true, force: true });
  process.exit(130);
});

const failures: string[] = [];
try {
  console.log('Starting the server (server/server.ts, as npm start runs it)…');
  server = await startServer(path.join(tempDir, 'local.sqlite'));
  failures.push(...(await measure(server)));
} catch (error) {
  failures.push((error as Error).message);
} finally {
  const stopProblem = server && (await stopServer(server));
  if (stopProblem) failures.push(stopProblem);
  rmSync(tempDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\nFAIL\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('\nPASS: no errors, no timeouts, no 5xx, every status as expected, memory bounded');
process.exit(0);
