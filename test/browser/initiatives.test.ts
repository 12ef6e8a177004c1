import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, getJson, useBrowser, waitForMap } from '../helpers/browser.ts';

/** The projects' initiatives on the map: a layer to switch on, with its legend entry, tooltip and panel list. */
const harness = useBrowser();
const NEVACHE = '05093';
const CLAREE = 'claree-alert-system';

interface Initiative {
  id: string;
  geometry: { coordinates: [number, number] };
  properties: { name: string; communes: string[]; kind: string };
}
let initiatives: Initiative[];
let page: Page;
let errors: string[];

beforeAll(async () => {
  initiatives = (
    await getJson<{ features: Initiative[] }>(harness.baseUrl, '/ogc/collections/initiatives/items?limit=1000&f=json')
  ).features;
  page = await harness.context.newPage();
  errors = collectErrors(page);
});

const drawnNames = (): Promise<string[]> =>
  page.evaluate(() =>
    (globalThis as any).atlasMap
      .queryRenderedFeatures({ layers: ['initiatives'] })
      .map((f: any) => f.properties.name as string),
  );

describe("the projects' initiatives", () => {
  it('are off at first, and drawn with a legend entry once switched on', async () => {
    await page.goto(`${harness.baseUrl}/?lang=en&commune=${NEVACHE}`);
    await waitForMap(page);
    expect(await page.isChecked('#layers-initiatives')).toBe(false);
    expect(await drawnNames()).toEqual([]);
    await page.click('#layers-initiatives');
    await expect.poll(() => new URL(page.url()).searchParams.get('layers') ?? '').toContain('initiatives');
    await expect
      .poll(() => page.locator('#legend .initiatives-key').textContent())
      .toContain(`Initiatives of the projects`);
    expect(await page.locator('#legend .initiatives-key').textContent()).toContain(`(${initiatives.length})`);
    const claree = initiatives.find((i) => i.id === CLAREE)!;
    await expect.poll(drawnNames).toContain(claree.properties.name);
  });

  it('name an initiative, its kind and its project in the tooltip', async () => {
    const claree = initiatives.find((i) => i.id === CLAREE)!;
    // The Clarée system is the only initiative drawn at its point.
    const sharing = initiatives.filter(
      (i) => i.geometry.coordinates.join() === claree.geometry.coordinates.join() && i.id !== CLAREE,
    );
    expect(sharing).toEqual([]);
    const box = (await page.locator('#map').boundingBox())!;
    const [x, y] = await page.evaluate((c) => {
      const p = (globalThis as any).atlasMap.project(c);
      return [p.x, p.y];
    }, claree.geometry.coordinates);
    await page.mouse.move(box.x + x, box.y + y);
    const tooltip = page.locator('#tooltip');
    await expect.poll(() => tooltip.locator('.tooltip-title').textContent()).toBe(claree.properties.name);
    expect(await tooltip.textContent()).toContain('Alert systems');
    expect(await tooltip.textContent()).toContain('Cœur Résilient');
  });

  it('are listed in the panel of every commune they cover: Névache has the Clarée alert system', async () => {
    const covering = initiatives.filter((i) => i.properties.communes.includes(NEVACHE)).map((i) => i.properties.name);
    expect(covering).toContain(initiatives.find((i) => i.id === CLAREE)!.properties.name);
    const listed = page.locator('#commune-panel ul.initiatives .initiative-name');
    await expect.poll(() => listed.allTextContents()).toEqual(covering);
    expect(errors).toEqual([]);
  });
});
