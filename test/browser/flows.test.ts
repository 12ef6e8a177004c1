import type { FeatureCollection, Geometry, LineString } from 'geojson';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowProperties, Indicator, RegionalAccess } from '../../client/src/api.ts';
import { en } from '../../client/src/i18n/en.ts';
import { FLOW_COLOURS } from '../../client/src/palettes.ts';
import {
  cameraOf,
  collectErrors,
  countColour,
  getJson,
  imageOf,
  projector,
  useBrowser,
  waitForMap,
} from '../helpers/browser.ts';

const BARDONECCHIA = '001022';
const harness = useBrowser();

let page: Page;
let errors: string[];
let flows: FeatureCollection<Geometry | null, FlowProperties>;
let regions: RegionalAccess[];
let indicators: Indicator[];
/** The link opened: Bardonecchia selected, the flows layer on, at a camera showing it and Modane. */
const OPENED = { lang: 'en', layers: 'communes,flows', commune: BARDONECCHIA, at: '10.00/45.1300/6.7000' };

const legendText = () => page.locator('#legend').innerText();
const crossBorderPixels = async () => countColour(await imageOf(page, '#map'), FLOW_COLOURS.crossBorder, 40);

beforeAll(async () => {
  const { baseUrl } = harness;
  [flows, regions, indicators] = await Promise.all([
    getJson<typeof flows>(baseUrl, '/ogc/collections/flows/items?limit=10000&f=json'),
    getJson<{ regions: RegionalAccess[] }>(baseUrl, '/api/context/healthcare-access').then((r) => r.regions),
    getJson<{ indicators: Indicator[] }>(baseUrl, '/api/indicators').then((r) => r.indicators),
  ]);
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${baseUrl}/?${new URLSearchParams(OPENED)}`);
  await waitForMap(page);
});

describe('the flows layer', () => {
  it('draws without console errors', async () => {
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(errors).toEqual([]);
  });

  it('offers the kind, direction and threshold filters while the layer is on', async () => {
    for (const kind of ['nearest-hospital', 'commute', 'study', 'patient', 'other'])
      expect(await page.isChecked(`#flowkinds-${kind}`), kind).toBe(true);
    expect(await page.inputValue('#flow-direction')).toBe('all');
    expect(await page.inputValue('#flow-min')).toBe('0');
  });

  it('keys the flows in the legend: their count and people, labelled as computed potential flows', async () => {
    const people = flows.features.reduce((sum, f) => sum + f.properties.value, 0);
    const text = await legendText();
    expect(text).toContain(en['legend.flows.potential']);
    expect(text).toContain(
      `${flows.features.length.toLocaleString('en')} flows shown, ${people.toLocaleString('en')} people`,
    );
  });

  it(
    "gives Bardonecchia's totals in the panel: its people " +
      'go across the border to the nearest general acute hospital',
    async () => {
      const own = flows.features.filter((f) => f.properties.origin_code === BARDONECCHIA);
      expect(own).toHaveLength(1);
      const { value, cross_border: crossBorder, destination_country: country } = own[0]!.properties;
      expect({ crossBorder, country }).toEqual({ crossBorder: true, country: 'FR' });
      const totals = page.locator('#commune-panel .flow-totals');
      const row = (label: string) => totals.locator('tr', { hasText: label }).locator('td').innerText();
      expect(await row(en['panel.flows.out'])).toBe(`${value.toLocaleString('en')} people`);
      expect(await row(en['panel.flows.outAbroad'])).toBe(`${value.toLocaleString('en')} people`);
    },
  );

  it("shows Eurostat's figures for Bardonecchia's NUTS 3 region and country beside the commune figures", async () => {
    const table = page.locator('#commune-panel .region-context');
    const rows = await table.locator('tbody tr').allInnerTexts();
    const expected = regions.filter((r) => r.code === 'ITC11' || r.code === 'IT');
    expect(expected).toHaveLength(2);
    expect(rows).toEqual(
      expected.map((r) =>
        [`${r.name} (${r.code})`, ...['2020', '2023'].map((y) => `${r.values[y]!.share.toFixed(2)} %`)].join('\t'),
      ),
    );
  });

  it('names the tooltip of an arc: origin, destination, people, and that it crosses the border', async () => {
    const flow = flows.features.find((f) => f.properties.origin_code === BARDONECCHIA)!;
    const [from, to] = (flow.geometry as LineString).coordinates as [[number, number], [number, number]];
    const project = projector(cameraOf(page.url())!, (await page.locator('#map').boundingBox())!);
    const [x1, y1] = project(from);
    const [x2, y2] = project(to);
    // Seen from straight above, an arc lies near the segment between its ends where it is low, near them (perspective
    // moves its raised middle tens of pixels outward). Other arcs run close to it (Névache's goes to the same
    // hospital): hover across the segment, near the origin, at the point farthest from every other arc.
    const others = flows.features
      .filter((f) => f !== flow && f.geometry !== null)
      .map((f) => ((f.geometry as LineString).coordinates as [number, number][]).map(project));
    const at = (t: number): [number, number] => [x1 + (x2 - x1) * t, y1 + (y2 - y1) * t];
    const clearance = (t: number) => Math.min(...others.map(([a, b]) => distanceToSegment(at(t), a!, b!)));
    const [x, y] = at([0.05, 0.08, 0.11, 0.14, 0.17, 0.2].reduce((a, b) => (clearance(b) > clearance(a) ? b : a)));
    const length = Math.hypot(x2 - x1, y2 - y1);
    const across = [(y1 - y2) / length, (x2 - x1) / length];
    const expected = `Bardonecchia → ${flow.properties.destination_name}`;
    for (const offset of [0, 2, -2, 4, -4, 6, -6, 8, -8]) {
      await page.mouse.move(x + across[0]! * offset, y + across[1]! * offset);
      const answered = await expect
        .poll(() => page.locator('#tooltip').innerText(), { timeout: 500 })
        .toContain(expected)
        .then(
          () => true,
          () => false,
        );
      if (answered) break;
    }
    await expect.poll(() => page.locator('#tooltip').innerText()).toContain(expected);
    expect(await page.locator('#tooltip').innerText()).toContain(en['tooltip.crossBorder']);
    await page.mouse.move(1, 1);
  });

  it('makes cross-border flows stand out, and hides them when only flows within one country are chosen', async () => {
    const shown = await crossBorderPixels();
    expect(shown).toBeGreaterThan(30);
    await page.selectOption('#flow-direction', 'domestic');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('flowdir') === 'domestic');
    await expect.poll(crossBorderPixels, { timeout: 15_000 }).toBeLessThan(shown / 10);
    expect(await page.locator('#commune-panel').innerText()).toContain(en['panel.flows.none']);
  });

  it('leaves out flows under the threshold, from the legend and the map', async () => {
    await page.selectOption('#flow-direction', 'all');
    const largest = Math.max(...flows.features.map((f) => f.properties.value));
    await page.fill('#flow-min', String(largest + 1));
    await page.press('#flow-min', 'Enter');
    await page.waitForFunction(
      (min) => new URLSearchParams(location.search).get('flowmin') === min,
      String(largest + 1),
    );
    expect(await legendText()).toContain('0 flows shown, 0 people');
    await expect.poll(crossBorderPixels, { timeout: 15_000 }).toBeLessThan(5);
  });

  it('logged no console error through the interactions', () => {
    expect(errors).toEqual([]);
  });
});

describe('every indicator shows its method one click away', () => {
  it('opens the method of the healthcare-access indicator in the legend', async () => {
    await page.goto(`${harness.baseUrl}/?lang=en&indicator=hospital-cross-border-gain`);
    await waitForMap(page);
    const method = indicators.find((i) => i.id === 'hospital-cross-border-gain')!.methods.en;
    expect(await page.locator('#legend details.method p').isVisible()).toBe(false);
    await page.click('#legend details.method summary');
    expect(await page.locator('#legend details.method p').innerText()).toBe(method);
  });

  it('shows the seasonal-workers slot empty, every commune as no data, until a planner imports figures', async () => {
    await page.goto(`${harness.baseUrl}/?lang=en&indicator=seasonal-workers-per-1000`);
    await waitForMap(page);
    const text = await legendText();
    expect(text).toContain(en['legend.empty']);
    expect(text).toContain(en['legend.importable']);
    expect(errors).toEqual([]);
  });
});

/** Pixels from a point to a segment. */
function distanceToSegment([px, py]: [number, number], [ax, ay]: number[], [bx, by]: number[]): number {
  const dx = bx! - ax!;
  const dy = by! - ay!;
  const t =
    dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax!) * dx + (py - ay!) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax! + t * dx), py - (ay! + t * dy));
}
