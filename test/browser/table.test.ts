import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Indicator, ValueRecord } from '../../client/src/api.ts';
import { collectErrors, getJson, queryOf, useBrowser, waitForMap } from '../helpers/browser.ts';

const harness = useBrowser();

const TERRITORY = 'cc-brianconnais';
const NEVACHE = '05093';
let page: Page;
let errors: string[];
let members: { code: string; name: string }[];
let density: Map<string, ValueRecord>;
let indicators: Indicator[];

/** Commune codes of the table's rows, top to bottom. */
const rowCodes = () => page.locator('#table-view table.data-table tbody tr td:nth-child(2)').allTextContents();

beforeAll(async () => {
  const { baseUrl } = harness;
  const territory = await getJson<Feature<Geometry, { communes: string[] }>>(
    baseUrl,
    `/ogc/collections/territories/items/${TERRITORY}?f=json`,
  );
  const communes = await getJson<FeatureCollection<Geometry, { code: string; name: string }>>(
    baseUrl,
    '/ogc/collections/communes/items?properties=code,name&limit=10000&f=json',
  );
  members = territory.properties.communes.map(
    (code) => communes.features.find((f) => f.properties.code === code)!.properties,
  );
  const densities = '/api/indicators/population-density';
  const { values } = await getJson<{ values: Record<string, ValueRecord> }>(baseUrl, densities);
  density = new Map(Object.entries(values));
  indicators = (await getJson<{ indicators: Indicator[] }>(baseUrl, '/api/indicators')).indicators;
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${baseUrl}/?lang=en&view=table`);
  await waitForMap(page);
});

describe('the table view (view=table)', () => {
  it('loads without console errors, the table shown in place of the map', async () => {
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(errors).toEqual([]);
    expect(await page.isChecked('#view-table')).toBe(true);
    expect(await page.isVisible('#table-view')).toBe(true);
    expect(await page.isHidden('#map-section')).toBe(true);
    expect(queryOf(page.url()).view).toBe('table');
  });

  it('has one row per commune of the territory, each with its value', async () => {
    expect(members).toHaveLength(13);
    expect((await rowCodes()).sort()).toEqual(members.map((m) => m.code).sort());
    const names = await page.locator('#table-view table.data-table tbody tr th button').allTextContents();
    expect(names.sort()).toEqual(members.map((m) => m.name).sort());
    const decimals = indicators.find((i) => i.id === 'population-density')!.decimals;
    const format = (v: number) =>
      new Intl.NumberFormat('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
    // The code links to the commune's profile.
    const row = page.locator('#table-view tbody tr', { has: page.locator(`td > a:text-is("${NEVACHE}")`) });
    expect(await row.locator('td.number').first().textContent()).toContain(format(density.get(NEVACHE)!.value));
  });

  it('sorts by value, highest first, and in the other direction when the Value heading is clicked', async () => {
    // Densities are served at one decimal, so communes can tie: tied rows keep the communes' order, by code.
    const byCode = [...members].sort((a, b) => a.code.localeCompare(b.code));
    const densityOf = (m: { code: string }) => density.get(m.code)!.value;
    const descending = [...byCode].sort((a, b) => densityOf(b) - densityOf(a)).map((m) => m.code);
    const ascending = [...byCode].sort((a, b) => densityOf(a) - densityOf(b)).map((m) => m.code);
    const header = page.locator('th:has(#sort-value)');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const before = await rowCodes();
    expect(before).toEqual(descending);
    await page.click('#sort-value');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const after = await rowCodes();
    expect(after).not.toEqual(before);
    expect(after).toEqual(ascending);
  });

  it('selects a commune from its row: commune= in the URL and the commune panel filled', async () => {
    const nevache = members.find((m) => m.code === NEVACHE)!;
    await page.click(`#table-view button[aria-label="Select ${nevache.name}"]`);
    await page.waitForFunction((code) => new URLSearchParams(location.search).get('commune') === code, NEVACHE);
    expect(queryOf(page.url())).toMatchObject({ commune: NEVACHE, view: 'table' });
    await expect
      .poll(() => page.locator('#commune-panel .commune-name').textContent())
      .toBe(`${nevache.name} (${NEVACHE})`);
    // Every indicator of the map has a row in the panel.
    const rows = await page.locator('#commune-panel table.indicators tbody th').allTextContents();
    expect(rows).toEqual(indicators.filter((i) => i.subject === 'commune').map((i) => i.titles.en));
    expect(errors).toEqual([]);
  });
});
