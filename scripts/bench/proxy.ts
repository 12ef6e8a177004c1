import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../vocabulary/project-root.ts';
import { freePort, startNginx } from '../nginx.ts';

/**
 * The API through nginx (docs/deploy/nginx-atlas.conf: HTTPS, /atlas/ prefix, keep-alive to the atlas) against the
 * atlas straight, side by side in one run: the server as npm start runs it (a child process, logging at "info" to
 * a file), the same routes, alternately. The machine is shared and noisy: read the ratios.
 * Usage: npm run bench:proxy [-- seconds]
 */
const seconds = Number(process.argv[2] ?? 10);
const ROUTES: { name: string; path: string; headers: Record<string, string> }[] = [
  {
    name: 'communes layer (brotli)',
    path: '/ogc/collections/communes/items?limit=10000',
    headers: { 'accept-encoding': 'br' },
  },
  { name: '/api/layers', path: '/api/layers', headers: {} },
  { name: '/healthz', path: '/healthz', headers: {} },
];

await import('../ensure-built.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-proxy-'));
const port = await freePort();
const server = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server/server.ts')], {
  cwd: PROJECT_ROOT,
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    ATLAS_LOCAL_DB: path.join(dir, 'local.sqlite'),
    ATLAS_TRUST_PROXY: '127.0.0.1',
    ATLAS_BASE_PATH: '/atlas',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
server.stdout.on('data', (chunk: Buffer) => (output = `${output}${chunk}`.slice(-4096)));
while (!output.includes('Alpine Territories Atlas:')) await once(server.stdout, 'data');
const nginx = await startNginx(port);

interface Run {
  perSecond: number;
  p99: number;
}
const run = async (url: string, headers: Record<string, string>): Promise<Run> => {
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers,
    tlsOptions: { ca: nginx.certificate },
  });
  if (result.errors > 0 || result['2xx'] !== result.requests.total)
    throw new Error(`${url}: errors or non-2xx answers`);
  return { perSecond: result.requests.average, p99: result.latency.p99 };
};

console.log(`${seconds} s per route and side, 10 connections, from loopback (not rate-limited)\n`);
console.log(
  `${'route'.padEnd(26)}${'direct req/s'.padStart(14)}${'nginx req/s'.padStart(13)}${'ratio'.padStart(8)}` +
    `${'direct p99'.padStart(12)}${'nginx p99'.padStart(11)}`,
);
try {
  for (const route of ROUTES) {
    const direct = await run(`http://127.0.0.1:${port}${route.path}`, route.headers);
    const proxied = await run(`${nginx.origin}/atlas${route.path}`, route.headers);
    console.log(
      route.name.padEnd(26) +
        direct.perSecond.toFixed(0).padStart(14) +
        proxied.perSecond.toFixed(0).padStart(13) +
        `${(proxied.perSecond / direct.perSecond).toFixed(2)}×`.padStart(8) +
        `${direct.p99} ms`.padStart(12) +
        `${proxied.p99} ms`.padStart(11),
    );
  }
} finally {
  await nginx.stop();
  server.kill('SIGTERM');
  await once(server, 'exit');
  rmSync(dir, { recursive: true, force: true });
}
