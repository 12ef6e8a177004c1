import type { FastifyInstance } from 'fastify';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import { buildApp } from '../../server/app.ts';
import { openAtlas, type Atlas } from '../../server/atlas-db.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { httpsGet, startNginx, type Answer, type Nginx } from '../../scripts/nginx.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';

/**
 * The atlas behind Debian's nginx with the README's example configuration (docs/deploy/nginx-atlas.conf): under
 * /atlas/, over HTTPS, the proxy trusted for the client's address, scheme and host.
 */
const READS_PER_MINUTE = 12;
let atlas: Atlas;
let local: LocalStore;
let app: FastifyInstance;
let nginx: Nginx;
let atlasPort: number;
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-proxy-'));

beforeAll(async () => {
  atlas = openAtlas(inject('atlasDb'));
  local = openLocalStore(path.join(dir, 'local.sqlite'));
  app = await buildApp({
    atlas,
    clientDir: CLIENT_DIR,
    local: { store: local, writeToken: null },
    rateLimits: { readsPerMinute: READS_PER_MINUTE, writesPerMinute: 5 },
    trustProxy: ['127.0.0.1'],
    basePath: '/atlas',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  atlasPort = (app.server.address() as AddressInfo).port;
  nginx = await startNginx(atlasPort);
});

afterAll(async () => {
  await nginx?.stop();
  await app?.close();
  atlas?.db.close();
  local?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (p: string, options?: Parameters<typeof httpsGet>[2]) =>
  httpsGet(`${nginx.origin}${p}`, nginx.certificate, options);
const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8'));

/** A GET straight to the atlas, not through nginx, from a chosen local address. */
const direct = (p: string, from: string, headers: Record<string, string> = {}) =>
  new Promise<number>((resolve, reject) =>
    http
      .get(`http://127.0.0.1:${atlasPort}${p}`, { localAddress: from, headers, agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      })
      .on('error', reject),
  );

describe('behind nginx under /atlas/, over HTTPS', () => {
  it('serves the page and the API under the prefix, and sends /atlas to /atlas/', async () => {
    const page = await get('/atlas/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body.toString()).toContain('src="./assets/');
    expect((await get('/atlas/healthz')).status).toBe(200);
    const bare = await get('/atlas');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toMatch(/\/atlas\/$/);
  });

  it('writes every link of an answer with https, the host the client used and the prefix; next leads on', async () => {
    const first = json(await get('/atlas/ogc/collections/communes/items?limit=5&f=json'));
    const links = first.links as { rel: string; href: string }[];
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) expect(link.href.startsWith(`${nginx.origin}/atlas/`), link.href).toBe(true);
    const next = links.find((l) => l.rel === 'next')!;
    const second = json(await get(next.href.slice(nginx.origin.length)));
    expect(second.features).toHaveLength(5);
    expect(second.features[0].id).not.toBe(first.features[0].id);
    const prev = (second.links as { rel: string; href: string }[]).find((l) => l.rel === 'prev')!;
    expect(json(await get(prev.href.slice(nginx.origin.length))).features).toEqual(first.features);
    const landing = json(await get('/atlas/ogc?f=json'));
    for (const link of landing.links) expect(link.href.startsWith(`${nginx.origin}/atlas/`), link.href).toBe(true);
  });

  it('passes ETags and 304 answers through', async () => {
    const first = await get('/atlas/ogc/collections/communes/items?limit=3&f=json');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get('/atlas/ogc/collections/communes/items?limit=3&f=json', {
      headers: { 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('passes brotli answers through, the same bytes once decompressed', async () => {
    const plain = await get('/atlas/api/indicators/population');
    const br = await get('/atlas/api/indicators/population', { headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
  });

  it('counts requests per client address from X-Forwarded-For, and a client cannot pose as another', async () => {
    for (let i = 0; i < READS_PER_MINUTE; i++)
      expect((await get('/atlas/api/layers', { from: '127.0.0.2' })).status).toBe(200);
    const refused = await get('/atlas/api/layers', { from: '127.0.0.2' });
    expect(refused.status).toBe(429);
    expect(json(refused).description).toContain('from 127.0.0.2');
    // Another client is not held back by the first.
    expect((await get('/atlas/api/layers', { from: '127.0.0.3' })).status).toBe(200);
    // The first cannot escape its limit by naming another address: nginx replaces the header.
    const posing = await get('/atlas/api/layers', { from: '127.0.0.2', headers: { 'X-Forwarded-For': '127.0.0.9' } });
    expect(posing.status).toBe(429);
    // Nor by going round nginx: its own address is not a trusted proxy, so its header is ignored.
    expect(await direct('/api/layers', '127.0.0.2', { 'X-Forwarded-For': '127.0.0.9' })).toBe(429);
  });

  it('draws the page through the proxy, every request under /atlas/', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 } });
      const requests: string[] = [];
      context.on('request', (r) => requests.push(r.url()));
      const page = await context.newPage();
      await page.goto(`${nginx.origin}/atlas/?lang=en`);
      await page.waitForSelector('#map-status[data-state=ready]', { state: 'attached', timeout: 60_000 });
      expect(await page.inputValue('#download-url')).toMatch(
        new RegExp(`^${nginx.origin.replace(/\./g, '\\.')}/atlas/ogc/collections/communes/items\\?`),
      );
      const outside = requests.filter(
        (url) => !url.startsWith(`${nginx.origin}/atlas/`) && !url.startsWith('data:') && !url.startsWith('blob:'),
      );
      expect(outside).toEqual([]);
      expect(requests.some((url) => url.startsWith(`${nginx.origin}/atlas/api/indicators/`))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
