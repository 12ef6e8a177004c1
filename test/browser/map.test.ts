import Database from 'better-sqlite3';
import { schemeYlGnBu } from 'd3-scale-chromatic';
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Indicator, Source, ValueRecord } from '../../client/src/api.ts';
import { FILL_ALPHA } from '../../client/src/palettes.ts';
import { BASEMAP_COLOURS } from '../../client/src/map/basemap-style.ts';
import {
  cameraOf,
  clearestPoint,
  collectErrors,
  colourDistance,
  getJson,
  hexToRgb,
  over,
  pixelAt,
  projector,
  queryOf,
  useBrowser,
  waitForMap,
  waitForPixel,
  type Project,
  type Rgb,
} from '../helpers/browser.ts';
import { communeValuesFromSql, quantileClasses } from '../helpers/quantile-classes.ts';

const NEVACHE = '05093';
const TERRITORY = 'cc-brianconnais';
/** The communes layer's fill opacity (communes-layer.ts): the basemap shows through a little. */
const LAND = hexToRgb(BASEMAP_COLOURS.land);
/** Screenshots of software WebGL match the computed colour to within a few levels per channel. */
const TOLERANCE = 12;

const harness = useBrowser();

type Collection = FeatureCollection<Geometry, Record<string, unknown>>;

/** What the page loads, read from the same API, to compute what it must show. */
const api = {} as {
  indicators: Indicator[];
  sources: Source[];
  communes: Collection;
  members: string[];
  values: Map<string, Map<string, ValueRecord>>;
  stations: Collection;
  services: Collection;
  railLines: Collection;
  basemap: Collection;
};

let page: Page;
let errors: string[];
/** Page coordinates of a point well inside Névache, clear of lines, labels and markers. */
let probe: [number, number];
/** Longitude/latitude to page coordinates, for the camera the page fitted. */
let project: Project;

const indicator = (id: string) => api.indicators.find((i) => i.id === id)!;
/** Where the page writes a commune's name: its reference point, which lies inside it. */
const labelPoint = (f: Collection['features'][number]): Position => [
  Number(f.properties.ref_lon),
  Number(f.properties.ref_lat),
];
const valuesOf = (id: string) => api.values.get(id)!;

/**
 * Every commune's class in the page's default method (quantiles), class count (5) and palette (ColorBrewer's
 * YlGnBu), worked out from the values SQL reads from the atlas, by a second computation of quantile classes
 * (test/helpers/quantile-classes.ts), not by the page's code; with the sources of those values.
 */
function defaultClasses(indicatorId: string) {
  const values = communeValuesFromSql(harness.real, indicatorId, null);
  const numbers = new Map([...values].map(([code, v]) => [code, v.value]));
  const { classes, counts } = quantileClasses(numbers, 5, indicator(indicatorId).decimals);
  return {
    classes,
    counts,
    colours: schemeYlGnBu[counts.length]!,
    noData: api.communes.features.length - values.size,
    sources: [...new Set([...values.values()].map((v) => v.source))].sort(),
  };
}

/** The colour Névache must show for an indicator: its class colour over the land, as composited. */
function expectedColour(indicatorId: string): { colour: Rgb; others: Rgb[] } {
  const expected = defaultClasses(indicatorId);
  const composited = expected.colours.map((c) => over(hexToRgb(c), FILL_ALPHA, LAND));
  const own = expected.classes.get(NEVACHE)!;
  return { colour: composited[own]!, others: composited.filter((_, i) => i !== own) };
}

const select = async (id: string, value: string) => {
  await page.selectOption(`#${id}`, value);
};
const waitForParam = (name: string, value: string | null) =>
  page.waitForFunction(([n, v]) => new URLSearchParams(location.search).get(n!) === v, [name, value] as const);

beforeAll(async () => {
  const { baseUrl } = harness;
  const [indicators, sources, communes, territory, stations, services, railLines, basemap] = await Promise.all([
    getJson<{ indicators: Indicator[] }>(baseUrl, '/api/indicators').then((r) => r.indicators),
    getJson<{ sources: Source[] }>(baseUrl, '/api/sources').then((r) => r.sources),
    getJson<Collection>(baseUrl, '/ogc/collections/communes/items?limit=10000&f=json'),
    getJson<Feature<Geometry, { communes: string[] }>>(
      baseUrl,
      `/ogc/collections/territories/items/${TERRITORY}?f=json`,
    ),
    getJson<Collection>(baseUrl, '/ogc/collections/rail-stations/items?limit=10000&f=json'),
    getJson<Collection>(baseUrl, '/ogc/collections/services/items?limit=10000&f=json'),
    getJson<Collection>(baseUrl, '/ogc/collections/rail-lines/items?limit=10000&f=json'),
    getJson<Collection>(baseUrl, '/api/basemap'),
  ]);
  const values = new Map<string, Map<string, ValueRecord>>();
  for (const id of ['population-density', 'area', 'population']) {
    const r = await getJson<{ values: Record<string, ValueRecord> }>(baseUrl, `/api/indicators/${id}`);
    values.set(id, new Map(Object.entries(r.values)));
  }
  Object.assign(api, {
    indicators,
    sources,
    communes,
    members: territory.properties.communes,
    values,
    stations,
    services,
    railLines,
    basemap,
  });

  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${baseUrl}/`);
  await waitForMap(page);
});

/** Finds where to probe Névache's colour from the camera the page wrote into the URL. */
async function findProbe(): Promise<[number, number]> {
  await page.waitForFunction(() => new URLSearchParams(location.search).has('at'));
  const camera = cameraOf(page.url())!;
  const box = (await page.locator('#map').boundingBox())!;
  project = projector(camera, box);
  const nevache = api.communes.features.find((f) => f.properties.code === NEVACHE)!;
  const lines = (g: Geometry): Position[][] =>
    g.type === 'LineString'
      ? [g.coordinates]
      : g.type === 'MultiLineString'
        ? g.coordinates
        : g.type === 'Polygon'
          ? g.coordinates
          : g.type === 'MultiPolygon'
            ? g.coordinates.flat()
            : [];
  const points = (c: Collection, half: number) =>
    c.features.map((f) => ({ position: (f.geometry as Point).coordinates, halfWidth: half, halfHeight: half }));
  const { point, clearance } = clearestPoint(
    nevache.geometry as Polygon | MultiPolygon,
    project,
    {
      lines: [...api.basemap.features, ...api.railLines.features].flatMap((f) => lines(f.geometry as LineString)),
      marks: [
        // Names are drawn at each commune's label point, 12 px high and up to about 150 px wide.
        ...api.communes.features.map((f) => ({
          position: labelPoint(f),
          halfWidth: 6 * String(f.properties.name).length,
          halfHeight: 12,
        })),
        ...points(api.stations, 10),
        ...points(api.services, 10),
      ],
      // Keep away from the zoom buttons (top right) and the scale and attribution (bottom corners).
    },
    { x: box.x + 60, y: box.y + 90, width: box.width - 120, height: box.height - 150 },
  );
  expect(clearance, 'a point inside Névache at least 8 px from any line or label').toBeGreaterThanOrEqual(8);
  return point;
}

describe('the dashboard, opened without parameters', () => {
  it('loads without console errors and announces the drawn map with data-state=ready', async () => {
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(errors).toEqual([]);
    // The defaults: the browser's language, the Briançonnais and population density, fitted to the territory.
    const query = queryOf(page.url());
    expect(query.lang).toBe('en');
    expect(query.at).toMatch(/^\d+\.\d{2}\/\d+\.\d{4}\/\d+\.\d{4}$/);
    expect(await page.inputValue('#territory')).toBe(TERRITORY);
    expect(await page.inputValue('#indicator')).toBe('population-density');
  });

  it('reaches the language, territory and indicator selects with Tab from the start of the page', async () => {
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(
          () =>
            document.activeElement?.id || document.activeElement?.className || document.activeElement?.tagName || '',
        ),
      );
    }
    // The skip link first, then the controls in reading order.
    expect(order).toEqual(['skip', 'language', 'territory', 'indicator', 'period', 'method']);
  });

  it('changes the view when a focused select is changed with the arrow keys, keeping the focus there', async () => {
    await page.focus('#method');
    await page.keyboard.press('ArrowDown');
    await waitForParam('method', 'equal');
    expect(await page.inputValue('#method')).toBe('equal');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('method');
    await page.keyboard.press('ArrowUp');
    await waitForParam('method', null);
    expect(await page.inputValue('#method')).toBe('quantile');
  });

  it('draws Névache in the colour of its population-density class', async () => {
    probe = await findProbe();
    const { colour, others } = expectedColour('population-density');
    const seen = await waitForPixel(page, probe, (c) => colourDistance(c, colour) <= TOLERANCE);
    expect(colourDistance(seen, colour), `pixel ${seen} at ${probe}, expected ${colour}`).toBeLessThanOrEqual(
      TOLERANCE,
    );
    expect(colourDistance(seen, LAND)).toBeGreaterThan(TOLERANCE);
    for (const other of others) expect(colourDistance(seen, other)).toBeGreaterThan(colourDistance(seen, colour));
  });

  it('shows the bare basemap land at the same point with the communes layer switched off', async () => {
    const on = await pixelAt(page, probe);
    await page.click('#layers-communes');
    await page.waitForFunction(
      () => !(new URLSearchParams(location.search).get('layers') ?? 'communes').split(',').includes('communes'),
    );
    const off = await waitForPixel(page, probe, (c) => colourDistance(c, LAND) <= TOLERANCE);
    expect(colourDistance(off, LAND), `pixel ${off}, land ${LAND}`).toBeLessThanOrEqual(TOLERANCE);
    expect(colourDistance(off, on)).toBeGreaterThan(TOLERANCE);
    await page.click('#layers-communes');
    await waitForParam('layers', null);
    const back = await waitForPixel(page, probe, (c) => colourDistance(c, on) <= 2);
    expect(colourDistance(back, on)).toBeLessThanOrEqual(2);
  });

  it('lists every class with its commune count, a "No data" row, and the sources with their licence', async () => {
    const expected = defaultClasses('population-density');
    const rows = page.locator('#legend ul.classes li');
    await expect.poll(() => rows.count()).toBe(expected.colours.length + 1);
    for (const [i, count] of expected.counts.entries()) {
      expect(await rows.nth(i).locator('.count').textContent()).toBe(`${count.toLocaleString('en')} communes`);
      const swatch = await rows
        .nth(i)
        .locator('.swatch')
        .evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(swatch).toBe(`rgb(${hexToRgb(expected.colours[i]!).join(', ')})`);
    }
    const noData = rows.last();
    expect(await noData.locator('.range').textContent()).toBe('No data');
    expect(await noData.locator('.count').textContent()).toBe(`${expected.noData.toLocaleString('en')} communes`);
    expect(expected.counts.reduce((a, b) => a + b, 0) + expected.noData).toBe(api.communes.features.length);

    const items = page.locator('#legend ul.sources li');
    expect(await items.count()).toBe(expected.sources.length);
    expect(expected.sources.length).toBeGreaterThan(0);
    for (const [i, id] of expected.sources.entries()) {
      const source = api.sources.find((s) => s.id === id)!;
      const item = items.nth(i);
      expect(await item.locator('a').first().getAttribute('href')).toBe(`${harness.baseUrl}/api/sources/${id}`);
      expect(await item.locator('a').first().textContent()).toBe(source.title);
      expect(await item.textContent()).toContain('Licence:');
      const licence = item.locator('a').last();
      expect(await licence.textContent()).toBe(source.licence.name);
      expect(await licence.getAttribute('href')).toBe(source.licence.url);
    }
  });

  it(
    "offers the layer as an absolute same-origin GeoJSON URL that returns the territory's communes with the " +
      'indicator',
    async () => {
      const value = await page.inputValue('#download-url');
      const url = new URL(value);
      expect(value.startsWith(`${harness.baseUrl}/`)).toBe(true);
      expect(url.origin).toBe(harness.baseUrl);
      expect(url.pathname).toBe('/ogc/collections/communes/items');
      expect(url.searchParams.get('territory')).toBe(TERRITORY);
      expect(url.searchParams.get('f')).toBe('json');

      const response = await fetch(value);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Collection;
      expect(body.type).toBe('FeatureCollection');
      expect(body.features.map((f) => f.properties.code).sort()).toEqual([...api.members].sort());
      const density = valuesOf('population-density');
      for (const f of body.features) {
        expect(f.properties).toHaveProperty('population_density');
        expect(f.properties.population_density).toBe(density.get(String(f.properties.code))?.value ?? null);
      }
    },
  );

  it('offers the same query as CSV, GeoPackage and FlatGeobuf files', async () => {
    const hrefs = await page.$$eval('.download-links a', (links) => links.map((a) => (a as HTMLAnchorElement).href));
    const json = new URL(await page.inputValue('#download-url'));
    expect(hrefs.map((href) => new URL(href).searchParams.get('f'))).toEqual(['json', 'csv', 'gpkg', 'fgb']);
    for (const href of hrefs) {
      const url = new URL(href);
      url.searchParams.set('f', 'json');
      expect(url.href).toBe(json.href);
    }
    const gpkg = await fetch(hrefs[2]!);
    expect(gpkg.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    const bytes = Buffer.from(await gpkg.arrayBuffer());
    const db = new Database(bytes);
    const codes = db.prepare('SELECT code FROM communes ORDER BY code').pluck().all();
    db.close();
    expect(codes).toEqual([...api.members].sort());
  });

  it("shows Névache's name and formatted value in the tooltip when the pointer is over it", async () => {
    const density = indicator('population-density');
    const value = valuesOf('population-density').get(NEVACHE)!.value;
    const formatted = new Intl.NumberFormat('en', {
      minimumFractionDigits: density.decimals,
      maximumFractionDigits: density.decimals,
    }).format(value);
    // Each pointer move makes deck.gl pick in software WebGL (about a second each): one move only.
    await page.mouse.move(probe[0], probe[1]);
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => tooltip.locator('.tooltip-title').textContent()).toBe('Névache');
    expect(await tooltip.locator('div').nth(1).textContent()).toBe(
      `${density.titles.en}: ${formatted} ${density.units.en}`,
    );
    expect(await tooltip.textContent()).toContain('Névache');
  });

  it('hides the tooltip when the pointer leaves the map', async () => {
    // Straight from Névache to the page header, outside the map.
    await page.mouse.move(5, 5);
    const tooltip = page.locator('#tooltip');
    await expect
      .poll(() => tooltip.isVisible(), { timeout: 5_000 })
      .toBe(false)
      .catch(() => undefined);
    const stale = (await tooltip.isVisible()) ? await tooltip.locator('.tooltip-title').textContent() : null;
    expect(stale, 'the tooltip still names a commune after the pointer left the map').toBeNull();
  });

  it('recolours Névache when another indicator is chosen (area: a large, sparsely peopled commune)', async () => {
    // The pointer onto Briançon, so that no hover highlight is left on Névache whatever the previous test saw.
    const briancon = api.communes.features.find((f) => f.properties.code === '05023')!;
    const [x, y] = project(labelPoint(briancon));
    await page.mouse.move(x, y);
    await expect
      .poll(() => page.locator('#tooltip .tooltip-title').textContent(), { timeout: 10_000 })
      .toBe('Briançon');
    const before = await pixelAt(page, probe);
    const density = expectedColour('population-density');
    const area = expectedColour('area');
    // The test means something only if Névache's class colour differs between the two.
    expect(colourDistance(area.colour, density.colour)).toBeGreaterThan(3 * TOLERANCE);
    await select('indicator', 'area');
    await waitForParam('indicator', 'area');
    await expect.poll(() => page.locator('#legend .legend-title').textContent()).toContain(indicator('area').titles.en);
    const after = await waitForPixel(page, probe, (c) => colourDistance(c, area.colour) <= TOLERANCE);
    expect(colourDistance(after, area.colour), `pixel ${after}, expected ${area.colour}`).toBeLessThanOrEqual(
      TOLERANCE,
    );
    expect(colourDistance(after, before)).toBeGreaterThan(3 * TOLERANCE);
  });

  it('walks back through earlier views with the Back button', async () => {
    await select('indicator', 'population');
    await waitForParam('indicator', 'population');
    await select('method', 'equal');
    await waitForParam('method', 'equal');

    await page.goBack();
    await waitForParam('method', null);
    expect(queryOf(page.url()).indicator).toBe('population');
    await expect.poll(() => page.inputValue('#method')).toBe('quantile');
    expect(await page.inputValue('#indicator')).toBe('population');

    await page.goBack();
    await waitForParam('indicator', 'area');
    await expect.poll(() => page.inputValue('#indicator')).toBe('area');
    await expect.poll(() => page.locator('#legend .legend-title').textContent()).toContain(indicator('area').titles.en);
    const back = await waitForPixel(page, probe, (c) => colourDistance(c, expectedColour('area').colour) <= TOLERANCE);
    expect(colourDistance(back, expectedColour('area').colour)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('logged no console error through all the interactions', () => {
    expect(errors).toEqual([]);
  });

  it('requested nothing outside its own origin, through the load and every interaction', () => {
    const { baseUrl, requests } = harness;
    expect(requests).toContain(`${baseUrl}/api/indicators/area`);
    const outside = requests.filter(
      (url) => !url.startsWith(`${baseUrl}/`) && !url.startsWith('data:') && !url.startsWith(`blob:${baseUrl}/`),
    );
    expect(outside).toEqual([]);
  });
});
