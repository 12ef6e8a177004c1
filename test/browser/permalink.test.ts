import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../client/src/api.ts';
import { boundsOf } from '../../client/src/geometry.ts';
import { de } from '../../client/src/i18n/de.ts';
import { fr } from '../../client/src/i18n/fr.ts';
import { BASEMAP_COLOURS } from '../../client/src/map/basemap-style.ts';
import { FILL_ALPHA, paletteColours } from '../../client/src/palettes.ts';
import {
  cameraOf,
  collectErrors,
  countColour,
  getJson,
  hexToRgb,
  imageOf,
  over,
  PAGE_TIMEOUT,
  queryOf,
  useBrowser,
  waitForMap,
} from '../helpers/browser.ts';

const harness = useBrowser();

const TERRITORY = 'cc-guillestrois-queyras';
let page: Page;
let errors: string[];
/** The link opened: every part of the view away from its default. */
let opened: Record<string, string>;
let commune: { code: string; name: string };
let indicators: Indicator[];

/** The parameters of a URL other than the camera, which is compared numerically. */
const withoutCamera = (query: Record<string, string>) =>
  Object.fromEntries(Object.entries(query).filter(([name]) => name !== 'at'));

function expectSameCamera(url: string) {
  const now = cameraOf(url)!;
  const then = cameraOf(`http://x/?at=${opened.at}`)!;
  expect(now, `camera of ${url}`).not.toBeNull();
  expect(Math.abs(now.zoom - then.zoom)).toBeLessThan(1e-3);
  expect(Math.abs(now.lat - then.lat)).toBeLessThan(1e-3);
  expect(Math.abs(now.lon - then.lon)).toBeLessThan(1e-3);
}

beforeAll(async () => {
  const { baseUrl } = harness;
  const territory = await getJson<Feature<Geometry, { communes: string[] }>>(
    baseUrl,
    `/ogc/collections/territories/items/${TERRITORY}?f=json`,
  );
  const members = await getJson<FeatureCollection<Geometry, { code: string; name: string }>>(
    baseUrl,
    `/ogc/collections/communes/items?territory=${TERRITORY}&properties=code,name&limit=1000&f=json`,
  );
  indicators = (await getJson<{ indicators: Indicator[] }>(baseUrl, '/api/indicators')).indicators.filter(
    (i) => i.subject === 'commune',
  );
  commune = members.features.map((f) => f.properties).sort((a, b) => a.code.localeCompare(b.code))[1]!;
  // A camera near the territory's centre, zoomed in past the fit, as a planner would have shared it.
  const [[west, south], [east, north]] = boundsOf([territory.geometry])!;
  const at = `10.25/${((south + north) / 2 + 0.01).toFixed(4)}/${((west + east) / 2 - 0.02).toFixed(4)}`;
  opened = {
    lang: 'de',
    territory: TERRITORY,
    indicator: 'population',
    period: 'insee-etalab-5.3.0',
    method: 'ckmeans',
    classes: '4',
    palette: 'viridis',
    layers: 'communes,territories,labels',
    services: 'hospital',
    at,
    commune: commune.code,
  };
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${baseUrl}/?${new URLSearchParams(opened)}`);
  await waitForMap(page);
});

describe('a permalink', () => {
  it('draws the map (data-state=ready) without console errors', async () => {
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(errors).toEqual([]);
  });

  it('restores every control of the view it names', async () => {
    expect(await page.inputValue('#territory')).toBe(TERRITORY);
    expect(await page.inputValue('#indicator')).toBe('population');
    expect(await page.inputValue('#period')).toBe('insee-etalab-5.3.0');
    expect(await page.inputValue('#method')).toBe('ckmeans');
    expect(await page.inputValue('#classes')).toBe('4');
    expect(await page.inputValue('#palette')).toBe('viridis');
    const checked = async (id: string) => page.isChecked(`#${id}`);
    for (const layer of ['communes', 'territories', 'labels'])
      expect(await checked(`layers-${layer}`), layer).toBe(true);
    for (const layer of ['rail-lines', 'rail-stations', 'services']) {
      expect(await checked(`layers-${layer}`), layer).toBe(false);
    }
    expect(await checked('services-hospital')).toBe(true);
    expect(await checked('services-france-services')).toBe(false);
    expect(await checked('view-map')).toBe(true);
    // Four classes in the legend, plus "no data".
    expect(await page.locator('#legend ul.classes li').count()).toBe(5);
  });

  it('restores the language of the page', async () => {
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.textContent('h1')).toBe(de['app.title']);
    expect(await page.textContent('#legend .legend-title')).toContain(
      indicators.find((i) => i.id === 'population')!.titles.de,
    );
  });

  it('shows the selected commune in the commune panel', async () => {
    await expect
      .poll(() => page.locator('#commune-panel .commune-name').textContent())
      .toBe(`${commune.name} (${commune.code})`);
  });

  it('keeps its parameters, camera included, in the address bar once drawn', async () => {
    await page.waitForTimeout(500);
    expect(withoutCamera(queryOf(page.url()))).toEqual(withoutCamera(opened));
    expectSameCamera(page.url());
  });

  it('switches the interface to French from the language menu, keeping the rest of the view', async () => {
    await page.selectOption('#language', 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await page.textContent('h1')).toBe(fr['app.title']);
    expect(await page.textContent('h1')).not.toBe(de['app.title']);
    const options = await page.locator('#indicator option').allTextContents();
    expect(options).toEqual(indicators.map((i) => i.titles.fr));
    expect(options).not.toEqual(indicators.map((i) => i.titles.de));
    expect(await page.textContent('#legend .legend-title')).toContain(
      indicators.find((i) => i.id === 'population')!.titles.fr,
    );
    const query = queryOf(page.url());
    expect(query.lang).toBe('fr');
    expect(withoutCamera(query)).toEqual({ ...withoutCamera(opened), lang: 'fr' });
    expectSameCamera(page.url());
    expect(errors).toEqual([]);
  });
});

describe('a permalink naming a commune whose figures arrive after the map has drawn', () => {
  it('still announces the drawn map with data-state=ready', async () => {
    const page = await harness.context.newPage();
    const errors = collectErrors(page);
    // The commune panel asks for the commune's figures (/api/communes/{code}); the map itself does not.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.startsWith('/api/communes/'),
      async (route) => {
        await released;
        await route.continue();
      },
    );
    await page.goto(`${harness.baseUrl}/?lang=en&commune=05093`);
    // The choropleth is on screen once pixels of the densest class (Briançon's, in the default view) show.
    const densest = over(hexToRgb(paletteColours('YlGnBu', 5)[4]!), FILL_ALPHA, hexToRgb(BASEMAP_COLOURS.land));
    await expect
      .poll(async () => countColour(await imageOf(page, '#map'), densest, 8), { timeout: PAGE_TIMEOUT, interval: 500 })
      .toBeGreaterThan(200);
    // Time for the labels' glyph atlas: every layer has drawn before the panel's figures arrive.
    await page.waitForTimeout(2000);
    release();
    await expect.poll(() => page.locator('#commune-panel .commune-name').textContent()).toBe('Névache (05093)');
    expect(await waitForMap(page, 20_000)).toBe('ready');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
