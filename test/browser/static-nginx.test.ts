import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { staticFile, STATIC_DATA_DIR } from '../../client/src/static-paths.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { startStaticNginx, type StaticNginx } from '../../scripts/nginx.ts';
import { makePack } from '../../scripts/pack/make-pack.ts';
import { openLocalStore } from '../../local-store/local-store.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { TILE_MEDIA_TYPE, tileUrl } from '../../vocabulary/tiles.ts';
import { collectErrors, PAGE_TIMEOUT, waitForMap } from '../helpers/browser.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';

/**
 * Past one machine, the static export (page, API answers, tiles) is what scales: any static host or CDN serves it.
 * This proves it with a real one, Debian's nginx serving the folder site/ of `npm run pack` as plain files (no
 * proxy, no atlas server, no serve.js), and Chromium drawing the page from it, vector tiles included.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-static-nginx-'));
// mkdtemp makes the folder private; run as root (CI), nginx reads the site as its workers' user, who must get in.
chmodSync(dir, 0o755);
const out = path.join(dir, 'atlas-workshop');
const site = path.join(out, 'site');
let nginx: StaticNginx;
let browser: Browser;
let context: BrowserContext;
/** Every request of the context (pages and MapLibre's workers) and every answer, in order. */
const requests: string[] = [];
const responses: { url: string; status: number }[] = [];

beforeAll(async () => {
  // One pack for the file, as `npm run pack` makes it: the test atlas and an empty local database.
  const atlas = openAtlas(inject('atlasDb'));
  const store = openLocalStore(path.join(dir, 'local.sqlite'));
  try {
    await makePack({ atlas, store, clientDir: CLIENT_DIR, out, log: () => {} });
  } finally {
    atlas.db.close();
    store.close();
  }
  nginx = await startStaticNginx(site);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', deviceScaleFactor: 1 });
  context.setDefaultTimeout(PAGE_TIMEOUT);
  context.on('request', (request) => requests.push(request.url()));
  context.on('response', (response) => responses.push({ url: response.url(), status: response.status() }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A GET of a path of the site from nginx, the body read whole (fetch undoes a gzip encoding). */
async function get(p: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${nginx.origin}${p}`, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** The tiles of a tileset in the export, as site paths, with their sizes. */
function tilesOf(tileset: 'communes' | 'territories'): { url: string; size: number }[] {
  const root = path.join(site, STATIC_DATA_DIR, 'tiles', tileset);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { url: `/${path.relative(site, file).split(path.sep).join('/')}`, size: statSync(file).size };
    });
}

/** The zoom of a tile URL of the export (`/data/tiles/{tileset}/{z}/{x}/{y}.pbf`). */
const zoomOf = (url: string) => Number(/\/data\/tiles\/[a-z]+\/(\d+)\/\d+\/\d+\.pbf$/.exec(url)![1]);

/**
 * The codes of the communes MapLibre has drawn in the viewport, each with the colour the choropleth gave it
 * (feature-state, null where it has none). The page exposes its MapLibre map as globalThis.atlasMap.
 */
const drawnCommunes = (page: Page) =>
  page.evaluate(() =>
    ((globalThis as any).atlasMap.queryRenderedFeatures({ layers: ['communes'] }) as any[]).map((f) => ({
      code: String(f.properties.code),
      colour: (f.state?.colour as string | undefined) ?? null,
    })),
  );

/** What the page did since request number `from`: tile answers by tileset, failures, requests elsewhere. */
function trafficSince(from: { requests: number; responses: number }) {
  const answered = responses.slice(from.responses);
  return {
    communeTiles: answered.filter((r) => r.url.startsWith(`${nginx.origin}/data/tiles/communes/`)),
    territoryTiles: answered.filter((r) => r.url.startsWith(`${nginx.origin}/data/tiles/territories/`)),
    failed: answered.filter((r) => r.status >= 400),
    // The page's own data: URLs and MapLibre's blob: workers never reach a network.
    outside: requests
      .slice(from.requests)
      .filter((url) => !url.startsWith(`${nginx.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')),
  };
}

/**
 * Longer than waitForMap's and the polls' own waits, so a page that never draws fails on their assertions (with the
 * page's errors) rather than on the test's timeout.
 */
const BROWSER_TEST_TIMEOUT = 3 * PAGE_TIMEOUT;

const mark = () => ({ requests: requests.length, responses: responses.length });

describe("the static export served by Debian's nginx, a plain static host", () => {
  it('serves the page, the saved API answers and the tiles as files, each with its type', async () => {
    // The page marked as an export, whole: the pack removed the client's stale index.html.gz, which gzip_static
    // would otherwise send in its place to every browser.
    const page = await get('/', { 'Accept-Encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body.toString()).toContain('<meta name="atlas-static-export"');
    expect(page.body.equals(readFileSync(path.join(site, 'index.html')))).toBe(true);

    // The map's worker is an ES module: a browser runs it only if it comes as JavaScript.
    const worker = /maplibre-gl-worker-[\w-]+\.mjs/.exec(readdirSync(path.join(site, 'assets')).join(' '))![0];
    const script = await get(`/assets/${worker}`, { 'Accept-Encoding': 'gzip' });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript');
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(script.body.equals(readFileSync(path.join(site, 'assets', worker)))).toBe(true);

    const layersFile = staticFile('/api/layers');
    const layers = await get(`/${layersFile}`);
    expect(layers.status).toBe(200);
    expect(layers.headers.get('content-type')).toBe('application/json');
    expect(layers.body.equals(readFileSync(path.join(site, layersFile)))).toBe(true);
    expect(JSON.parse(layers.body.toString()).layers.length).toBeGreaterThan(0);

    // A tile with features and an empty one (0 bytes: nothing of the tileset there), both answered 200.
    const tiles = tilesOf('communes');
    const full = tiles.find((t) => t.size > 0)!;
    const empty = tiles.find((t) => t.size === 0);
    expect(empty, 'the export holds an empty tile').toBeDefined();
    for (const tile of [full, empty!]) {
      const answer = await get(tile.url);
      expect(answer.status, tile.url).toBe(200);
      expect(answer.headers.get('content-type'), tile.url).toBe(TILE_MEDIA_TYPE);
      expect(answer.headers.get('content-length'), tile.url).toBe(String(tile.size));
      expect(answer.body.equals(readFileSync(path.join(site, tile.url))), tile.url).toBe(true);
    }
    // Where the build made no tile (outside the Alps), a static host can only say 404.
    expect((await get(`/${STATIC_DATA_DIR}${tileUrl('communes', 4, 0, 0)}`)).status).toBe(404);
  });

  it(
    "draws the default view's choropleth from nginx's files and tiles, no request leaving it",
    async () => {
      const from = mark();
      const page = await context.newPage();
      const errors = collectErrors(page);
      try {
        await page.goto(`${nginx.origin}/?lang=en`);
        expect(await waitForMap(page), errors.join('\n')).toBe('ready');
        // The default territory is the Briançonnais: Briançon is drawn, coloured by the choropleth.
        await expect
          .poll(async () => (await drawnCommunes(page)).find((c) => c.code === '05023') ?? null, {
            timeout: PAGE_TIMEOUT,
          })
          .toMatchObject({ colour: expect.stringMatching(/^#[0-9a-f]{6}$/i) });
        const traffic = trafficSince(from);
        expect(traffic.communeTiles.filter((r) => r.status === 200).length).toBeGreaterThan(0);
        expect(traffic.territoryTiles.length).toBeGreaterThan(0);
        expect(traffic.failed).toEqual([]);
        expect(traffic.outside).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );

  it(
    'draws the Alpine Convention from lower zooms, the communes of every country from the same tiles',
    async () => {
      // The zooms of the Briançonnais, read before this view's requests are added.
      const briançonnais = responses.filter((r) => r.url.includes('/data/tiles/communes/')).map((r) => zoomOf(r.url));
      const from = mark();
      const page = await context.newPage();
      const errors = collectErrors(page);
      try {
        await page.goto(`${nginx.origin}/?lang=en&territory=alpine-convention&indicator=hospital-distance`);
        expect(await waitForMap(page), errors.join('\n')).toBe('ready');
        const countries = (codes: string[]) =>
          ['AT-', 'CH-', 'DE-', 'SI-', 'FR', 'IT'].filter((country) =>
            codes.some((code) =>
              country === 'FR'
                ? /^\d[\dAB]\d{3}$/.test(code)
                : country === 'IT'
                  ? /^\d{6}$/.test(code)
                  : code.startsWith(country),
            ),
          );
        await expect
          .poll(async () => countries((await drawnCommunes(page)).map((c) => c.code)), { timeout: PAGE_TIMEOUT })
          .toEqual(expect.arrayContaining(['AT-', 'CH-', 'DE-', 'FR', 'IT']));
        // Coloured across the perimeter, not only where the default territory was.
        const drawn = await drawnCommunes(page);
        expect(drawn.filter((c) => c.colour !== null).length).toBeGreaterThan(drawn.length / 2);

        const traffic = trafficSince(from);
        const zooms = traffic.communeTiles.filter((r) => r.status === 200).map((r) => zoomOf(r.url));
        expect(zooms.length).toBeGreaterThan(0);
        expect(Math.min(...zooms)).toBeLessThan(Math.min(...briançonnais));
        expect(traffic.failed).toEqual([]);
        expect(traffic.outside).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT,
  );
});
