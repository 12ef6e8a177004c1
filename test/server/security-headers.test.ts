import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { SECURITY_HEADERS } from '../../vocabulary/security-headers.ts';
import { CLIENT_DIR, PROJECT_ROOT } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';
import { RawConnection } from '../helpers/raw-http.ts';
import { startServer } from '../helpers/server-child.ts';

/**
 * "Every response carries a strict Content-Security-Policy, nosniff, Referrer-Policy and X-Frame-Options: DENY"
 * (README, Behaviour): every kind of answer the server gives, success or refusal, through app.inject and over
 * real HTTP from the server process as npm start runs it. The offline pack's serve.js is in pack-serve.test.ts.
 */

const TOKEN = 'security-headers-test-token-0001';
const real = useRealApp({ writeToken: TOKEN });
const WRONG_TOKEN = { authorization: 'Bearer not-the-token-at-all-00000' };
const RIGHT_TOKEN = { authorization: `Bearer ${TOKEN}` };

/** The page's script, by the name the build gave it. */
const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8'))![1]!;
const csv = readFileSync(path.join(PROJECT_ROOT, 'examples', 'indicator-population-dgcl.csv'));

interface Case {
  kind: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'DELETE' | 'OPTIONS';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The status that shows the answer is of that kind. */
  status: number;
}

/** One request of each kind of answer; the status proves it is that kind. */
const CASES: Case[] = [
  { kind: 'the page', url: '/', status: 200 },
  { kind: 'a static asset, brotli as built', url: script, headers: { 'accept-encoding': 'br' }, status: 200 },
  { kind: 'a static asset, plain', url: script, status: 200 },
  { kind: 'API JSON', url: '/api/indicators', status: 200 },
  { kind: 'API JSON compressed on the fly', url: '/api/basemap', headers: { 'accept-encoding': 'gzip' }, status: 200 },
  { kind: 'API CSV', url: '/api/indicators/population?f=csv', status: 200 },
  { kind: 'regional context', url: '/api/context/healthcare-access', status: 200 },
  { kind: 'health check', url: '/healthz', status: 200 },
  { kind: 'HEAD of API JSON', method: 'HEAD', url: '/api/sources', status: 200 },
  { kind: 'OGC landing JSON', url: '/ogc', status: 200 },
  { kind: 'OGC HTML', url: '/ogc/collections?f=html', status: 200 },
  { kind: 'OpenAPI document', url: '/ogc/api', status: 200 },
  { kind: 'JSON Schema', url: '/ogc/collections/communes/schema', status: 200 },
  { kind: 'GeoJSON feature', url: '/ogc/collections/communes/items/05023', status: 200 },
  { kind: 'OGC items CSV', url: '/ogc/collections/rail-stations/items?f=csv', status: 200 },
  { kind: 'OGC items HTML', url: '/ogc/collections/services/items?f=html&limit=5', status: 200 },
  { kind: 'CORS pre-flight', method: 'OPTIONS', url: '/ogc', headers: preflight(), status: 204 },
  {
    kind: 'import made',
    method: 'POST',
    url: '/api/imports/indicator?name=a.csv',
    headers: upload(),
    body: csv,
    status: 201,
  },
  { kind: 'slides export', url: '/api/slides/export', status: 200 },
  { kind: '404 API', url: '/api/no-such-thing', status: 404 },
  { kind: '404 collection', url: '/ogc/collections/no-such-collection', status: 404 },
  { kind: '404 feature', url: '/ogc/collections/communes/items/00000', status: 404 },
  { kind: '404 static file', url: '/no-such-file.js', status: 404 },
  { kind: '400 bad parameter', url: '/ogc/collections/communes/items?limit=many', status: 400 },
  { kind: '400 unknown parameter', url: '/api/indicators?colour=red', status: 400 },
  { kind: '400 bad percent-escape', url: '/ogc/collections/%E0%A4%A', status: 400 },
  { kind: '414 path segment too long', method: 'DELETE', url: `/api/imports/${'9'.repeat(201)}`, status: 414 },
  { kind: '406 format not offered', url: '/ogc/collections', headers: { accept: 'image/png' }, status: 406 },
  { kind: '401 wrong token', method: 'POST', url: '/api/slides', headers: WRONG_TOKEN, body: '{}', status: 401 },
  {
    kind: '413 file too large',
    method: 'POST',
    url: '/api/imports/indicator?name=big.csv',
    headers: upload(),
    body: Buffer.alloc(5 * 1024 * 1024 + 1, 'a'),
    status: 413,
  },
  {
    kind: '415 content type not taken',
    method: 'POST',
    url: '/api/imports/indicator?name=a.csv',
    headers: { ...RIGHT_TOKEN, 'content-type': 'application/xml' },
    body: '<a/>',
    status: 415,
  },
  { kind: '404 removal of no import', method: 'DELETE', url: '/api/imports/999999', headers: RIGHT_TOKEN, status: 404 },
];

function preflight() {
  return { origin: 'https://example.org', 'access-control-request-method': 'GET' };
}
function upload() {
  return { ...RIGHT_TOKEN, 'content-type': 'text/csv' };
}

const lowerCase = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
const PROMISED = lowerCase(SECURITY_HEADERS);

/** The four security headers of a response, as received. */
function securityHeadersOf(headers: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(PROMISED).map((name) => [name, headers[name]]));
}

describe('the security headers themselves', () => {
  it('are strict: no framing, no sniffing, no full URL to other sites, everything from this origin only', () => {
    expect(PROMISED['x-frame-options']).toBe('DENY');
    expect(PROMISED['x-content-type-options']).toBe('nosniff');
    expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(
      PROMISED['referrer-policy'],
    );
    const directives = new Map(
      PROMISED['content-security-policy']!.split(';').map((d) => {
        const [name = '', ...sources] = d.trim().split(/\s+/);
        return [name, sources] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    // No source but this origin (and data: or blob: URLs the page makes itself), nothing unsafe.
    for (const [name, sources] of directives) {
      for (const source of sources)
        expect(["'self'", "'none'", 'data:', 'blob:'], `${name} ${source}`).toContain(source);
    }
  });
});

describe('every kind of response carries them', () => {
  /** An app whose read limit is one request a minute, for the 429 of a client past it. */
  let limited: FastifyInstance;
  beforeAll(async () => {
    limited = await buildApp({
      atlas: real.atlas,
      clientDir: CLIENT_DIR,
      rateLimits: { readsPerMinute: 1, writesPerMinute: 1 },
    });
  });
  afterAll(() => limited.close());

  for (const c of CASES) {
    it(`through app.inject: ${c.kind}`, async () => {
      const { method = 'GET', url, headers = {}, body } = c;
      const response = await real.app.inject({
        method,
        url,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(c.status);
      expect(securityHeadersOf(response.headers)).toEqual(PROMISED);
    });
  }

  it('through app.inject: 304 revalidation, and 429 past the rate limit', async () => {
    const first = await real.app.inject({ url: '/ogc/collections/communes/items?limit=3' });
    const revalidated = await real.app.inject({
      url: '/ogc/collections/communes/items?limit=3',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
    expect(securityHeadersOf(revalidated.headers)).toEqual(PROMISED);
    const client = { url: '/api/layers', remoteAddress: '198.51.100.7' };
    expect((await limited.inject(client)).statusCode).toBe(200);
    const refused = await limited.inject(client);
    expect(refused.statusCode).toBe(429);
    expect(securityHeadersOf(refused.headers)).toEqual(PROMISED);
  });
});

describe('over real HTTP, from the server process', () => {
  let server: ReturnType<typeof startServer>;
  let port: number;
  let base: string;
  beforeAll(async () => {
    server = startServer({ ATLAS_WRITE_TOKEN: TOKEN });
    port = (await server.address).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  for (const c of CASES) {
    it(c.kind, async () => {
      const { method = 'GET', url, headers = {}, body } = c;
      if (body !== undefined && body.length > 1_000_000) {
        // The server refuses a file too large on its Content-Length, before the body: send only the headers.
        const connection = await RawConnection.open(port);
        const head = Object.entries({ ...headers, host: '127.0.0.1', 'content-length': String(body.length) });
        connection.write(`${method} ${url} HTTP/1.1\r\n${head.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`);
        const response = await connection.response();
        connection.destroy();
        expect(response.status).toBe(c.status);
        expect(securityHeadersOf(response.headers)).toEqual(PROMISED);
        return;
      }
      const payload = typeof body === 'string' || body === undefined ? body : new Uint8Array(body);
      const response = await fetch(`${base}${url}`, { method, headers, body: payload, redirect: 'manual' });
      await response.arrayBuffer();
      expect(response.status).toBe(c.status);
      expect(securityHeadersOf(Object.fromEntries(response.headers))).toEqual(PROMISED);
    });
  }

  it('304 revalidation', async () => {
    const url = `${base}/api/indicators/population`;
    const etag = (await fetch(url)).headers.get('etag')!;
    const revalidated = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(securityHeadersOf(Object.fromEntries(revalidated.headers))).toEqual(PROMISED);
  });
});
