import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Indicator, Source } from '../../client/src/api.ts';
import { collectErrors, getJson, useBrowser, waitForMap } from '../helpers/browser.ts';

/**
 * The page in Italian, then in French: period labels, the method and source titles come from the data in
 * the page's language, in the table, the legend, the period list, the commune panel and the attribution.
 */

const harness = useBrowser();
const NEVACHE = '05093';

let page: Page;
let errors: string[];
let hospital: Indicator;
let population: Indicator;
let gisco: Source;

/** The texts of a column of the table: 5 is the period, 6 the source. */
const column = (n: number) => page.locator(`#table-view tbody tr td:nth-child(${n})`).allTextContents();

beforeAll(async () => {
  const { baseUrl } = harness;
  const { indicators } = await getJson<{ indicators: Indicator[] }>(baseUrl, '/api/indicators');
  hospital = indicators.find((i) => i.id === 'hospital-distance')!;
  population = indicators.find((i) => i.id === 'population')!;
  gisco = await getJson<Source>(baseUrl, '/api/sources/gisco-healthcare-2020');
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${baseUrl}/?lang=it&view=table&indicator=hospital-distance&commune=${NEVACHE}`);
  await waitForMap(page);
});

describe('the page in Italian', () => {
  it("labels every row's period and names its source in Italian in the table", async () => {
    const label = hospital.periods[0]!.labels;
    expect(label.it).toBe("Servizi sanitari GISCO 2019/2020, distanza in linea d'aria");
    const periods = await column(5);
    expect(periods.length).toBeGreaterThan(0);
    expect(new Set(periods)).toEqual(new Set([label.it]));
    expect(new Set(await column(6))).toEqual(new Set([gisco.titles.it]));
    expect(gisco.titles.it).not.toBe(gisco.titles.en);
  });

  it('shows the Italian method and source titles in the legend, and Italian labels in the period list', async () => {
    expect(await page.locator('#legend details.method p').textContent()).toBe(hospital.methods.it);
    const legendSources = await page.locator('#legend ul.sources li a').allTextContents();
    expect(legendSources).toContain(gisco.titles.it);
    expect(legendSources).not.toContain(gisco.titles.en);
    const options = await page.locator('#period option').allTextContents();
    expect(options.slice(1)).toEqual(hospital.periods.map((p) => p.labels.it));
  });

  it("labels the periods of the commune charts and names the attribution's sources in Italian", async () => {
    const chart = page.locator('#commune-panel figure.chart', { hasText: population.titles.it! });
    const points = await chart.locator('ul.chart-values li').allTextContents();
    expect(points.length).toBeGreaterThan(1);
    const labels = population.periods.map((p) => p.labels.it!);
    for (const point of points)
      expect(
        labels.some((l) => point.startsWith(`${l}: `)),
        point,
      ).toBe(true);
    const attribution = await page.locator('#attribution').innerText();
    const communes = (await getJson<Source>(harness.baseUrl, '/api/sources/ign-communes-05-2018')).titles;
    expect(attribution).toContain(communes.it);
    expect(attribution).not.toContain(communes.en);
  });
});

describe('changing the language', () => {
  it('shows the French period label and method once French is chosen', async () => {
    await page.selectOption('#language', 'fr');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lang') === 'fr');
    const label = hospital.periods[0]!.labels.fr;
    await expect.poll(async () => new Set(await column(5))).toEqual(new Set([label]));
    expect(await page.locator('#legend details.method p').textContent()).toBe(hospital.methods.fr);
    expect(errors).toEqual([]);
  });
});
