import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValueRecord } from '../../client/src/api.ts';
import { collectErrors, getJson, queryOf, useBrowser, waitForMap } from '../helpers/browser.ts';

/**
 * The whole Alps in the dashboard: the Alpine Convention territory with every municipality drawn from the
 * vector tiles and coloured by the healthcare access indicators; a pilot of each country with its value; the
 * legend naming the countries no source of an indicator covers; the classes over the atlas or the territory,
 * kept in the link.
 */
const harness = useBrowser();
let page: Page;
let errors: string[];

/** The commune ids MapLibre drew from the tiles, with the class colour the page gave each (feature-state). */
async function drawnCommunes(): Promise<{ code: string; colour: string | undefined }[]> {
  return page.evaluate(() => {
    const map = (globalThis as any).atlasMap;
    const seen = new Map<string, string | undefined>();
    for (const f of map.queryRenderedFeatures({ layers: ['communes'] })) {
      const code = String(f.properties.code);
      const state = map.getFeatureState({ source: 'communes', sourceLayer: 'communes', id: code });
      seen.set(code, state.colour);
    }
    return [...seen].map(([code, colour]) => ({ code, colour }));
  });
}

const countryOf = (code: string) => (/^[A-Z]{2}-/.test(code) ? code.slice(0, 2) : code.length === 5 ? 'FR' : 'IT');

beforeAll(async () => {
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${harness.baseUrl}/?lang=en&territory=alpine-convention&indicator=hospital-distance`);
  await waitForMap(page);
});

describe('the Alpine Convention in view', () => {
  it('draws municipalities of the six countries from the tiles, coloured where they have a value', async () => {
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    const { values } = await getJson<{ values: Record<string, ValueRecord> }>(
      harness.baseUrl,
      '/api/indicators/hospital-distance',
    );
    const drawn = await drawnCommunes();
    const countries = new Set(drawn.map((d) => countryOf(d.code)));
    expect([...countries].sort()).toEqual(['AT', 'CH', 'DE', 'FR', 'IT', 'SI']);
    for (const { code, colour } of drawn) {
      if (values[code]) expect(colour, code).toMatch(/^#[0-9a-f]{6}$/);
      else expect(colour, code).toBeUndefined();
    }
    // Nearly every municipality of the Alps has a distance; the few without are near a record the classes leave open.
    expect(drawn.filter((d) => d.colour).length / drawn.length).toBeGreaterThan(0.95);
    expect(errors).toEqual([]);
  });

  it('says, country by country, what the distances count as a general acute hospital', async () => {
    const countries = await page.locator('#hospital-definitions dt').allTextContents();
    expect(countries.sort()).toEqual(['Austria', 'France', 'Germany', 'Italy', 'Slovenia', 'Switzerland']);
    const texts = await page.locator('#hospital-definitions dd').allTextContents();
    for (const text of texts) expect(text.length).toBeGreaterThan(40);
  });

  it("requests the communes' list without geometry, and tiles for the polygons", async () => {
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.reload();
    await waitForMap(page);
    expect(urls.some((u) => u.includes('/ogc/collections/communes/items') && u.includes('skipGeometry=true'))).toBe(
      true,
    );
    expect(urls.some((u) => /\/tiles\/communes\/\d+\/\d+\/\d+\.pbf$/.test(u))).toBe(true);
    expect(urls.some((u) => u.includes('/ogc/collections/communes/items') && !u.includes('skipGeometry'))).toBe(false);
  });

  it('names, in the legend, the countries no source of the indicator covers', async () => {
    expect(await page.locator('#legend-uncovered').count()).toBe(0);
    await page.selectOption('#indicator', 'population-density');
    await expect.poll(() => page.locator('#legend-uncovered').textContent(), { timeout: 10_000 }).toContain('Austria');
    const note = (await page.locator('#legend-uncovered').textContent())!;
    for (const country of ['Switzerland', 'Germany', 'Slovenia']) expect(note).toContain(country);
    for (const country of ['France', 'Italy']) expect(note).not.toContain(country);
    await page.selectOption('#language', 'de');
    await expect
      .poll(() => page.locator('#legend-uncovered').textContent(), { timeout: 10_000 })
      .toContain('Österreich');
  });
});

describe('the pilots of every country', () => {
  it.each([
    ['pluralps-gaschurn', 'AT-80110', 'Gaschurn'],
    ['pluralps-sattel', 'CH-1371', 'Sattel'],
    ['pluralps-aschau-im-chiemgau', 'DE-09187114', 'Aschau i. Chiemgau'],
    ['pluralps-kamnik', 'SI-43', 'Kamnik'],
  ])('%s shows its distance to the nearest general acute hospital in the table', async (territory, code, name) => {
    const { values } = await getJson<{ values: Record<string, ValueRecord> }>(
      harness.baseUrl,
      '/api/indicators/hospital-distance',
    );
    await page.goto(`${harness.baseUrl}/?lang=en&territory=${territory}&indicator=hospital-distance&view=table`);
    await waitForMap(page);
    const row = page.locator('#table-view table.data-table tbody tr', { hasText: name });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(code);
    expect(values[code]).toBeDefined();
    expect(cells.join(' ')).toContain(String(values[code]!.value).replace('.', '.'));
  });
});

describe('classes over the atlas or over the territory', () => {
  it('computes them over the territory on request, and the link keeps the choice', async () => {
    await page.goto(`${harness.baseUrl}/?lang=en&territory=cc-brianconnais&indicator=hospital-distance`);
    await waitForMap(page);
    expect(await page.locator('#legend .note').first().textContent()).toMatch(/over the [\d,]+ communes with a value/);
    await page.selectOption('#scope', 'territory');
    await expect.poll(() => queryOf(page.url()).scope).toBe('territory');
    await expect
      .poll(() => page.locator('#legend .note').first().textContent())
      .toMatch(/over the 13 communes of .* with a value/);
    await page.reload();
    await waitForMap(page);
    expect(await page.inputValue('#scope')).toBe('territory');
    expect(await page.locator('#legend .note').first().textContent()).toMatch(/over the 13 communes of /);
  });
});
