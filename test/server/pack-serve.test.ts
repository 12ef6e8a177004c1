import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFile } from '../../client/src/static-paths.ts';
import { makePack } from '../../scripts/pack/make-pack.ts';
import { SECURITY_HEADERS } from '../../vocabulary/security-headers.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';
import { RawConnection, type RawResponse } from '../helpers/raw-http.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * The offline workshop pack's server, `node serve.js`, as a presenter runs it from a pack made by the real
 * makePack: every kind of answer (the page, its assets, the saved API answers, a missing file, a method it does not
 * take) carries the atlas server's security headers, and nothing outside `site/` is ever served, however the path
 * climbs out (`/../`, percent-encoded dots and slashes, backslashes, a NUL byte, an absolute-form request line).
 * Requests are written byte by byte: fetch would remove the dot segments before they left.
 */

const real = useRealApp();
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-pack-serve-'));
const out = path.join(dir, 'atlas-workshop');
let server: ChildProcessWithoutNullStreams;
let port: number;

beforeAll(async () => {
  await makePack({ atlas: real.atlas, store: real.local, clientDir: CLIENT_DIR, out, log: () => {} });
  server = spawn(process.execPath, ['serve.js'], { cwd: out, env: { PATH: process.env.PATH, PORT: '0' } });
  let output = '';
  port = await new Promise<number>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    server.on('exit', (code) => reject(new Error(`serve.js exited with ${code}: ${output}`)));
  });
}, 120_000);

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** One request written as is, the answer read whole. */
async function raw(method: string, target: string): Promise<RawResponse> {
  const connection = await RawConnection.open(port);
  connection.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  const response = await connection.response({ head: method === 'HEAD' });
  connection.destroy();
  return response;
}

const PROMISED = Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([n, v]) => [n.toLowerCase(), v]));
const securityHeadersOf = (response: RawResponse) =>
  Object.fromEntries(Object.keys(PROMISED).map((name) => [name, response.headers[name]]));

describe("serve.js sends the atlas server's security headers on every answer", () => {
  const site = (file: string) => readFileSync(path.join(out, 'site', file), 'utf8');

  it('writes them beside serve.js as the vocabulary states them', () => {
    expect(JSON.parse(readFileSync(path.join(out, 'security-headers.json'), 'utf8'))).toEqual(SECURITY_HEADERS);
  });

  const kinds: { kind: string; method?: string; target: () => string; status: number; body?: () => string }[] = [
    { kind: 'the page at /', target: () => '/', status: 200, body: () => site('index.html') },
    { kind: 'the page by name', target: () => '/index.html', status: 200, body: () => site('index.html') },
    {
      kind: 'an asset',
      target: () => /src="\.?(\/assets\/[^"]+\.js)"/.exec(site('index.html'))![1]!,
      status: 200,
    },
    {
      kind: 'a saved API answer',
      target: () => `/${staticFile('/api/indicators')}`,
      status: 200,
      body: () => site(staticFile('/api/indicators')),
    },
    { kind: 'HEAD of the page', method: 'HEAD', target: () => '/', status: 200, body: () => '' },
    { kind: 'a missing file', target: () => '/no-such-file.js', status: 404, body: () => 'Not found' },
    { kind: 'a method it does not take', method: 'POST', target: () => '/', status: 404, body: () => 'Not found' },
    { kind: 'a path that is not percent-encoded UTF-8', target: () => '/%E0%A4%A', status: 404 },
  ];
  for (const { kind, method = 'GET', target, status, body } of kinds) {
    it(kind, async () => {
      const response = await raw(method, target());
      expect(response.status).toBe(status);
      if (body) expect(response.body).toBe(body());
      expect(securityHeadersOf(response)).toEqual(PROMISED);
    });
  }
});

describe('serve.js serves nothing outside site/', () => {
  /** Files beside site/ in the pack, and one of the system, that a climbing path would reach. */
  const OUTSIDE = ['serve.js', 'security-headers.json', 'README.txt'];
  const targets = [
    '/../serve.js',
    '/../security-headers.json',
    '/assets/../../README.txt',
    '/..%2fserve.js',
    '/%2e%2e/serve.js',
    '/%2e%2e%2fserve.js',
    '/%2E%2E%2Fsecurity-headers.json',
    '/.%2e/serve.js',
    '/assets/..%2f..%2fserve.js',
    '/data/api/..%2f..%2f..%2f..%2fserve.js',
    '/..%5cserve.js',
    '/..\\serve.js',
    '/%252e%252e/serve.js',
    '/..%00/serve.js',
    '/serve.js%00.html',
    '//../serve.js',
    `http://127.0.0.1/../serve.js`,
    '/../../../../../../../../etc/passwd',
    '/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  ];

  it('answers a path inside site/ written the same way (the raw client works)', async () => {
    const response = await raw('GET', '/assets/../index.html');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Alpine Territories Atlas</title>');
  });

  for (const target of targets) {
    it(`refuses ${JSON.stringify(target)}`, async () => {
      const response = await raw('GET', target);
      expect({ status: response.status, body: response.body }).toEqual({ status: 404, body: 'Not found' });
      for (const file of OUTSIDE) expect(response.body).not.toContain(readFileSync(path.join(out, file), 'utf8'));
      expect(response.body).not.toContain('root:');
      expect(securityHeadersOf(response)).toEqual(PROMISED);
    });
  }
});
