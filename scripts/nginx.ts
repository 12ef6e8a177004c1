import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../vocabulary/project-root.ts';

/**
 * The example the README documents; the tests and the proxy benchmark run through it, with only its ports and
 * certificate changed.
 */
export const NGINX_EXAMPLE = path.join(PROJECT_ROOT, 'docs/deploy/nginx-atlas.conf');

export interface Nginx {
  /** https://127.0.0.1:port, no trailing slash. */
  origin: string;
  /** The self-signed certificate nginx presents, for clients to trust. */
  certificate: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The example configuration with the atlas's real port, a free port for nginx on 127.0.0.1 and a certificate made
 * for the test: every other line as the README shows it.
 */
export function exampleConfig(atlasPort: number, port: number, dir: string): string {
  const example = readFileSync(NGINX_EXAMPLE, 'utf8');
  const replaced = example
    .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${atlasPort};`)
    .replace('listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`)
    .replace(/ssl_certificate \S+;/, `ssl_certificate ${dir}/cert.pem;`)
    .replace(/ssl_certificate_key \S+;/, `ssl_certificate_key ${dir}/key.pem;`);
  for (const line of ['server 127.0.0.1:3000;', 'listen 443 ssl;', '/etc/ssl/']) {
    if (replaced.includes(line)) throw new Error(`${NGINX_EXAMPLE}: "${line}" was not replaced`);
  }
  return replaced;
}

async function listening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true));
      socket.on('error', () => resolve(false));
      socket.on('connect', () => socket.end());
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Debian's nginx as the reverse proxy in front of an atlas listening on 127.0.0.1:atlasPort. */
export async function startNginx(atlasPort: number): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-nginx-'));
  // Run as root (CI), nginx's workers are another user: they must reach the temporary files it buffers to.
  chmodSync(dir, 0o755);
  for (const [, temp] of TEMP_PATHS) {
    mkdirSync(path.join(dir, temp));
    chmodSync(path.join(dir, temp), 0o777);
  }
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`],
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  writeConfig(dir, [exampleConfig(atlasPort, port, dir)]);
  const { stop } = await runNginx(dir, port);
  return { origin: `https://127.0.0.1:${port}`, certificate: readFileSync(path.join(dir, 'cert.pem'), 'utf8'), stop };
}

/** nginx.conf in dir: what every configuration here shares, around the given lines of the http block. */
function writeConfig(dir: string, http: string[]): void {
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      // In the temporary folder: the package's defaults are under /var/lib.
      ...TEMP_PATHS.map(([directive, folder]) => `  ${directive}_temp_path ${dir}/${folder};`),
      ...http,
      '}',
    ].join('\n'),
  );
}

const TEMP_PATHS = [
  ['client_body', 'client'],
  ['proxy', 'proxy'],
  ['fastcgi', 'fastcgi'],
  ['uwsgi', 'uwsgi'],
  ['scgi', 'scgi'],
] as const;

/** Starts nginx on dir's nginx.conf and waits until it listens on port; stop() quits it and removes dir. */
async function runNginx(dir: string, port: number): Promise<{ stop: () => Promise<void> }> {
  // Debian puts it in /usr/sbin, which a user's PATH may lack.
  const binary = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  const errorLog = path.join(dir, 'error.log');
  // -e: the log of start-up, before the configuration is read, goes to the temporary folder too.
  const child = spawn(binary, ['-p', dir, '-e', errorLog, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
  await listening(port, child, () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''));
  return {
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET over HTTPS trusting the test's certificate, from a chosen local address (127.0.0.x: another client). */
export function httpsGet(
  url: string,
  certificate: string,
  { headers = {}, from = '127.0.0.1' }: { headers?: Record<string, string>; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca: certificate, headers, localAddress: from, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

export interface StaticNginx {
  /** http://127.0.0.1:port, no trailing slash. */
  origin: string;
  stop: () => Promise<void>;
}

/**
 * Debian's nginx as a plain static file host of a folder (the static export's site/), as any web server or CDN
 * would serve it: plain HTTP on a free port of 127.0.0.1, no proxy, no module beyond the package's own. Types are
 * Debian's mime.types with the two the export needs and it lacks: the vector tiles (`.pbf`) and the map's module
 * worker (`.mjs`, which a browser refuses to run as a module under any type but JavaScript's). Precompressed
 * `.gz` files beside the assets are sent as they are (gzip_static). Run as root, nginx reads the files as
 * its workers' user: `root` and the folders above it must be readable by all.
 */
export async function startStaticNginx(root: string): Promise<StaticNginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-nginx-static-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  writeConfig(dir, [
    '  include /etc/nginx/mime.types;',
    '  types { application/vnd.mapbox-vector-tile pbf; text/javascript mjs; }',
    '  default_type application/octet-stream;',
    '  sendfile on;',
    '  gzip_static on;',
    '  server {',
    `    listen 127.0.0.1:${port};`,
    `    root ${root};`,
    '    index index.html;',
    '    location / { try_files $uri $uri/ =404; }',
    '  }',
  ]);
  const { stop } = await runNginx(dir, port);
  return { origin: `http://127.0.0.1:${port}`, stop };
}
