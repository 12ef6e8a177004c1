import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, getJson, useBrowser, waitForMap } from '../helpers/browser.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';

const TERRITORY = 'cc-brianconnais';
const BRIANCON = '05023';
const PUY_SAINT_PIERRE = '05109';
const harness = useBrowser();

/**
 * The built scripts that hold deck.gl or luma.gl code, found by reading every file of the build: the test does
 * not trust the chunks' names.
 */
const deckScripts = readdirSync(path.join(CLIENT_DIR, 'assets'))
  .filter((name) => name.endsWith('.js'))
  .filter((name) => /\b(deck|luma)\.gl\b/.test(readFileSync(path.join(CLIENT_DIR, 'assets', name), 'utf8')));

let page: Page;
let errors: string[];
let members: string[];
/** Briançon's reference point, where its name is written. */
let briancon: [number, number];
const scriptsRequested = () =>
  harness.requests.filter((url) => url.startsWith(`${harness.baseUrl}/assets/`) && /\.m?js$/.test(url));
const requestedDeck = () => scriptsRequested().filter((url) => deckScripts.includes(path.basename(url)));

interface PlacedName {
  name: string;
  code: string;
}

/** The names MapLibre placed on the map at the current camera, from its rendered features. */
const placedNames = (): Promise<PlacedName[]> =>
  page.evaluate(() => {
    const map = (globalThis as any).atlasMap;
    return map.queryRenderedFeatures({ layers: ['labels'] }).map((f: any) => ({
      name: f.properties.name,
      code: f.properties.code,
    }));
  });

/**
 * Every point of the map, 4 pixels apart, asked which names' boxes cover it: two names covering one point
 * overlap. Returns the pairs found.
 */
const overlappingNames = (): Promise<string[]> =>
  page.evaluate(() => {
    const map = (globalThis as any).atlasMap;
    const { width, height } = map.getCanvas().getBoundingClientRect();
    const pairs = new Set<string>();
    for (let x = 0; x < width; x += 4) {
      for (let y = 0; y < height; y += 4) {
        const names = [
          ...new Set<string>(
            map.queryRenderedFeatures([x, y], { layers: ['labels'] }).map((f: any) => f.properties.name),
          ),
        ];
        if (names.length > 1) pairs.add(names.sort().join(' / '));
      }
    }
    return [...pairs];
  });

const zoomTo = async (zoom: number, center: [number, number]) => {
  await page.evaluate(([z, c]) => (globalThis as any).atlasMap.jumpTo({ zoom: z, center: c }), [zoom, center] as const);
  await expect.poll(() => page.evaluate(() => (globalThis as any).atlasMap.loaded())).toBe(true);
};

beforeAll(async () => {
  const territory = await getJson<{ properties: { communes: string[] } }>(
    harness.baseUrl,
    `/ogc/collections/territories/items/${TERRITORY}?f=json`,
  );
  members = territory.properties.communes;
  const commune = await getJson<{ properties: { ref_lon: number; ref_lat: number } }>(
    harness.baseUrl,
    `/ogc/collections/communes/items/${BRIANCON}?f=json`,
  );
  briancon = [commune.properties.ref_lon, commune.properties.ref_lat];
  page = await harness.context.newPage();
  errors = collectErrors(page);
  // Counts the messages that send GeoJSON to MapLibre's workers ("LD": load data), source by source.
  await page.addInitScript(() => {
    const sent: string[] = [];
    (globalThis as any).geojsonSent = sent;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: any, ...rest: any[]) {
      if (message?.type === 'LD') sent.push(String(message.data?.source ?? message.data?.id ?? '?'));
      return (post as any).call(this, message, ...rest);
    };
  });
  await page.goto(`${harness.baseUrl}/?lang=en`);
  await waitForMap(page);
});

describe('the map drawn by MapLibre', () => {
  it('draws the default view without requesting any script that holds deck.gl or luma.gl', async () => {
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(deckScripts.length, 'the build holds deck.gl code (for the flows)').toBeGreaterThan(0);
    expect(scriptsRequested().length).toBeGreaterThan(0);
    expect(requestedDeck()).toEqual([]);
  });

  it("writes the territory's names without overlaps, accented letters included, with the browser's fonts", async () => {
    const placed = await placedNames();
    const names = placed.map((p) => p.name);
    expect(names).toContain('Névache');
    expect(names).toContain("Villar-d'Arêne");
    // Only the territory's communes are named.
    for (const { code } of placed) expect(members).toContain(code);
    expect(await overlappingNames()).toEqual([]);
  });

  it('leaves names out where they would overlap, and writes them when zoomed in far enough', async () => {
    const { zoom, center } = await page.evaluate(() => {
      const map = (globalThis as any).atlasMap;
      return { zoom: map.getZoom() as number, center: map.getCenter().toArray() as [number, number] };
    });
    const atStart = new Set((await placedNames()).map((p) => p.code));
    // Briançon and its neighbours Puy-Saint-Pierre and Puy-Saint-André are too close to all be named at first.
    expect(atStart.has(PUY_SAINT_PIERRE)).toBe(false);
    for (const step of [1, 2]) {
      await zoomTo(zoom + step, briancon);
      expect(await overlappingNames(), `overlaps at zoom ${zoom + step}`).toEqual([]);
    }
    const zoomedIn = new Set((await placedNames()).map((p) => p.code));
    expect(zoomedIn.has(PUY_SAINT_PIERRE), 'Puy-Saint-Pierre named when zoomed in').toBe(true);
    await zoomTo(zoom, center);
  });

  it('hovers, selects and recolours communes by feature-state, sending no geometry to the workers again', async () => {
    const sentAtStart = await page.evaluate(() => [...(globalThis as any).geojsonSent]);
    expect(sentAtStart.length, 'the sources were sent once, at load').toBeGreaterThan(0);
    const stateOf = (code: string) =>
      page.evaluate(
        (c) => (globalThis as any).atlasMap.getFeatureState({ source: 'communes', sourceLayer: 'communes', id: c }),
        code,
      );
    const box = (await page.locator('#map').boundingBox())!;
    const [x, y] = await page.evaluate((c) => {
      const p = (globalThis as any).atlasMap.project(c);
      return [p.x, p.y];
    }, briancon);
    await page.mouse.move(box.x + x, box.y + y);
    await expect.poll(() => page.locator('#tooltip .tooltip-title').textContent()).toBe('Briançon');
    expect((await stateOf(BRIANCON)).hovered).toBe(true);
    const colour = (await stateOf(BRIANCON)).colour;
    expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    await page.mouse.click(box.x + x, box.y + y);
    await expect.poll(() => new URL(page.url()).searchParams.get('commune')).toBe(BRIANCON);
    await expect.poll(async () => (await stateOf(BRIANCON)).selected).toBe(true);
    // Briançon, dense and with its own hospital: top class of density, first class of the hospital distance.
    await page.selectOption('#indicator', 'hospital-distance');
    await expect.poll(async () => (await stateOf(BRIANCON)).colour).not.toBe(colour);
    await page.mouse.move(5, 5);
    await expect.poll(async () => (await stateOf(BRIANCON)).hovered).toBe(false);
    expect(await page.evaluate(() => [...(globalThis as any).geojsonSent])).toEqual(sentAtStart);
  });

  it('loads deck.gl when the flows layer is switched on, drawing in a canvas over the map', async () => {
    await page.click('#layers-flows');
    await expect.poll(() => new URL(page.url()).searchParams.get('layers') ?? '').toContain('flows');
    await expect.poll(() => page.getAttribute('#map-status', 'data-state')).toBe('ready');
    await expect.poll(() => requestedDeck().length).toBeGreaterThan(0);
    // The overlay's canvas joins the map's.
    await expect.poll(() => page.locator('#map canvas').count()).toBe(2);
  });

  it('requested nothing outside its own origin and logged no error', () => {
    const outside = harness.requests.filter(
      (url) =>
        !url.startsWith(`${harness.baseUrl}/`) &&
        !url.startsWith('data:') &&
        !url.startsWith(`blob:${harness.baseUrl}/`),
    );
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});
