import { schemeYlGnBu } from 'd3-scale-chromatic';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../client/src/api.ts';
import { boundsOf } from '../../client/src/geometry.ts';
import { de } from '../../client/src/i18n/de.ts';
import { fr } from '../../client/src/i18n/fr.ts';
import { BASEMAP_COLOURS } from '../../client/src/map/basemap-style.ts';
import { FILL_ALPHA } from '../../client/src/palettes.ts';
import {
  cameraOf,
  collectErrors,
  colourDistance,
  differingPixels,
  getJson,
  hexToRgb,
  imageOf,
  over,
  PAGE_TIMEOUT,
  queryOf,
  useBrowser,
  waitForMap,
  waitForPixel,
} from '../helpers/browser.ts';
import { communeProbe } from '../helpers/commune-probe.ts';
import { holdResponses, jsonReads, recordJsonReads } from '../helpers/held-responses.ts';
import { communeValuesFromSql, quantileClasses } from '../helpers/quantile-classes.ts';

const harness = useBrowser();

const TERRITORY = 'cc-guillestrois-queyras';
const NEVACHE = '05093';
const LAND = hexToRgb(BASEMAP_COLOURS.land);
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
    // The map drawn (data-state=ready) and the commune panel filled: the address bar names the view opened.
    await expect.poll(() => withoutCamera(queryOf(page.url()))).toEqual(withoutCamera(opened));
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
    const link = `${harness.baseUrl}/?lang=en&commune=${NEVACHE}`;
    // What the map of this link shows once drawn: the link opened with nothing held back.
    const reference = await harness.context.newPage();
    await reference.goto(link);
    expect(await waitForMap(reference)).toBe('ready');
    await expect.poll(() => reference.locator('#commune-panel .commune-name').textContent()).toBe('Névache (05093)');
    const drawn = await imageOf(reference, '#map');
    await reference.close();

    const page = await harness.context.newPage();
    const errors = collectErrors(page);
    // The commune panel asks for the commune's figures (/api/communes/{code}); the map itself does not.
    const figures = await holdResponses(page, (url) => url.pathname.startsWith('/api/communes/'));
    await page.goto(link);
    // Every layer drawn, names included, before the figures arrive: the map looks as the one drawn above.
    await expect
      .poll(async () => differingPixels(await imageOf(page, '#map'), drawn, 8), {
        timeout: PAGE_TIMEOUT,
        interval: 500,
      })
      .toBeLessThan(drawn.width * drawn.height * 0.001);
    expect(figures.held).toEqual([`${harness.baseUrl}/api/communes/${NEVACHE}`]);
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('loading');
    figures.release();
    await expect.poll(() => page.locator('#commune-panel .commune-name').textContent()).toBe('Névache (05093)');
    expect(await waitForMap(page, 20_000)).toBe('ready');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

/**
 * Each commune's class in the default method, class count and palette (quantiles, 5, YlGnBu), from the values SQL
 * reads, by a second computation of quantile classes; and the colour its class shows over the land.
 */
function defaultClasses(id: string) {
  const values = communeValuesFromSql(harness.real, id, null);
  const decimals = indicators.find((i) => i.id === id)!.decimals;
  const classes = quantileClasses(new Map([...values].map(([code, v]) => [code, v.value])), 5, decimals);
  const colours = schemeYlGnBu[classes.counts.length]!.map((c) => over(hexToRgb(c), FILL_ALPHA, LAND));
  return { ...classes, colourOf: (code: string) => colours[classes.classes.get(code)!]! };
}

describe("a view changed twice, the first change's values arriving after the second has drawn", () => {
  it('shows the later view: the address, the controls, the legend and the colours of the second', async () => {
    const page = await harness.context.newPage();
    const errors = collectErrors(page);
    await recordJsonReads(page);
    const area = `${harness.baseUrl}/api/indicators/area`;
    const first = await holdResponses(page, (url) => url.href === area);
    await page.goto(`${harness.baseUrl}/?lang=en`);
    expect(await waitForMap(page)).toBe('ready');
    const title = (id: string) => indicators.find((i) => i.id === id)!.titles.en;

    await page.selectOption('#indicator', 'area');
    await expect.poll(() => first.held).toEqual([area]);
    await page.selectOption('#indicator', 'population');
    await expect.poll(() => page.locator('#legend .legend-title').textContent()).toContain(title('population'));
    first.release();
    // The page has read the area's values, and run everything it chains on them: now it must still show the
    // view its address names.
    await expect.poll(() => jsonReads(page)).toContain(area);
    expect(queryOf(page.url()).indicator).toBe('population');
    expect(await page.inputValue('#indicator')).toBe('population');
    expect(await page.locator('#legend .legend-title').textContent()).toContain(title('population'));
    const expected = defaultClasses('population');
    const counts = await page.locator('#legend ul.classes li .count').allTextContents();
    expect(counts.slice(0, -1)).toEqual(expected.counts.map((n) => `${n.toLocaleString('en')} communes`));

    // The map too: Névache in its population class's colour, which is not its area class's.
    const probe = await communeProbe(page, harness.baseUrl, NEVACHE, { left: 60, right: 60, top: 90, bottom: 60 });
    expect(probe.clearance).toBeGreaterThanOrEqual(8);
    const colour = expected.colourOf(NEVACHE);
    expect(colourDistance(defaultClasses('area').colourOf(NEVACHE), colour)).toBeGreaterThan(36);
    const seen = await waitForPixel(page, probe.point, (c) => colourDistance(c, colour) <= 12);
    expect(colourDistance(seen, colour), `Névache: ${seen}, population's class ${colour}`).toBeLessThanOrEqual(12);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
