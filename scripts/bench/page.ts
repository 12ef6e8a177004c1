import fastifyStatic from '@fastify/static';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { buildApp } from '../../server/app.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { loadConfig } from '../../server/config.ts';
import { openLocalStore } from '../../local-store/local-store.ts';
import { launchChromium } from '../chromium.ts';

/**
 * Page benchmark: the dashboard's default view against a bare MapLibre page drawing the same basemap
 * at the same camera and size, loaded alternately in one run, each in a fresh browser context (empty
 * cache). It reports the time from navigation to "map drawn" (the dashboard: basemap idle and every
 * default deck.gl layer drawn) and the bytes transferred (compressed, as the browser received them).
 * Headless Chromium draws WebGL in software (SwiftShader), and the machine is shared: read the ratio.
 * Usage: npm run bench:page [-- rounds]
 */
const rounds = Number(process.argv[2] ?? 5);
const VIEWPORT = { width: 1400, height: 850 };

await import('../ensure-built.ts');
const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const bareDir = mkdtempSync(path.join(tmpdir(), 'atlas-bare-'));
// As npm start wires it, with an empty local database of imports (writes off).
const localDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-local-'));
const store = openLocalStore(path.join(localDir, 'local.sqlite'));
const app = await buildApp({ atlas, clientDir: config.clientDir, local: { store, writeToken: null } });
await build({
  configFile: path.join(import.meta.dirname, 'bare-map/vite.config.ts'),
  build: { outDir: bareDir, emptyOutDir: true },
});
await app.register(fastifyStatic, { root: bareDir, prefix: '/bare/', decorateReply: false, preCompressed: true });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });

const browser = await launchChromium();

interface Load {
  ms: number;
  bytes: number;
  url: string;
  map: { width: number; height: number };
}

async function load(b: Browser, url: string): Promise<Load> {
  const context = await b.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`${url}: ${error.message}`));
  page.on(
    'response',
    (response) => response.status() >= 400 && console.error(`${response.url()}: ${response.status()}`),
  );
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector('#map-status[data-state=ready]', { state: 'attached', timeout: 120_000 });
  const ms = performance.now() - started;
  const bytes = await page.evaluate(() =>
    (performance.getEntriesByType('navigation') as PerformanceResourceTiming[])
      .concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .reduce((sum, e) => sum + e.transferSize, 0),
  );
  const box = (await page.locator('#map').boundingBox())!;
  const result = { ms, bytes, url: page.url(), map: { width: Math.round(box.width), height: Math.round(box.height) } };
  await context.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// A first load warms the server's caches and tells the camera the dashboard fits to the Briançonnais.
const warm = await load(browser, `${origin}/?lang=en`);
const [zoom, lat, lon] = new URL(warm.url).searchParams.get('at')!.split('/');
const bareUrl =
  `${origin}/bare/index.html?zoom=${zoom}&lat=${lat}&lon=${lon}` + `&width=${warm.map.width}&height=${warm.map.height}`;
await load(browser, bareUrl);

const dashboard: Load[] = [];
const bare: Load[] = [];
for (let i = 0; i < rounds; i++) {
  // Alternate which page goes first, so drift on the shared machine falls on both.
  if (i % 2 === 0) {
    dashboard.push(await load(browser, `${origin}/?lang=en`));
    bare.push(await load(browser, bareUrl));
  } else {
    bare.push(await load(browser, bareUrl));
    dashboard.push(await load(browser, `${origin}/?lang=en`));
  }
  console.log(
    `round ${i + 1}: dashboard ${dashboard[i]!.ms.toFixed(0)} ms, bare MapLibre ${bare[i]!.ms.toFixed(0)} ms`,
  );
}
const d = median(dashboard.map((l) => l.ms));
const r = median(bare.map((l) => l.ms));
console.log(`\nmap ${warm.map.width}×${warm.map.height} px, camera ${zoom}/${lat}/${lon}, ${rounds} rounds, medians:`);
console.log(
  `dashboard (basemap + every default layer drawn): ${d.toFixed(0)} ms, ` +
    `${(median(dashboard.map((l) => l.bytes)) / 1e6).toFixed(2)} MB transferred`,
);
console.log(
  `bare MapLibre page (same basemap):              ${r.toFixed(0)} ms, ` +
    `${(median(bare.map((l) => l.bytes)) / 1e6).toFixed(2)} MB transferred`,
);
console.log(
  `ratio: ${(d / r).toFixed(2)}× (goal ≤ 1.5×); first view ` +
    `${(median(dashboard.map((l) => l.bytes)) / 1e6).toFixed(2)} MB (goal ≤ 1.5 MB)`,
);

await browser.close();
await app.close();
atlas.db.close();
store.close();
rmSync(bareDir, { recursive: true, force: true });
rmSync(localDir, { recursive: true, force: true });
