import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectErrors, useBrowser } from '../helpers/browser.ts';

/**
 * A researcher reads the communes of the OGC API as an HTML page in French, in Chromium under the server's
 * strict Content-Security-Policy, and opens a commune from the page's map.
 */
const harness = useBrowser();

/** Records the page's CSP violations as they happen (the listener is added by the browser, not by the page). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

/**
 * A point of the page inside a feature's shape on the map where that shape is the one clicked (not a neighbour
 * over it), in page coordinates: a grid over the shape's box, each point tried with isPointInFill.
 */
function pointInShape(page: Page, id: string): Promise<[number, number] | null> {
  return page.evaluate((featureId) => {
    const link = document.querySelector(`svg.feature-map a[data-id="${featureId}"]`)!;
    const shape = link.querySelector('path')!;
    const box = shape.getBBox();
    const matrix = shape.getScreenCTM()!;
    const svg = shape.ownerSVGElement!;
    for (let i = 1; i < 20; i++) {
      for (let j = 1; j < 20; j++) {
        const point = svg.createSVGPoint();
        point.x = box.x + (box.width * i) / 20;
        point.y = box.y + (box.height * j) / 20;
        if (!shape.isPointInFill(point)) continue;
        const screen = point.matrixTransform(matrix);
        if (document.elementFromPoint(screen.x, screen.y)?.closest('a') === link) return [screen.x, screen.y];
      }
    }
    return null;
  }, id);
}

describe('the OGC items page of the communes, in French', () => {
  it('keeps to the CSP, shows its map, and opens a commune clicked on the map', async () => {
    const page = await harness.context.newPage();
    const errors = collectErrors(page);
    const violations = await watchViolations(page);
    // The Hautes-Alpes (province 05): 162 communes, of which the page's first 100 hold Briançon.
    const response = await page.goto(`${harness.baseUrl}/ogc/collections/communes/items?f=html&lang=fr&province=05`);
    expect(response!.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // The stylesheet applied: the header has the atlas's deep blue.
    const header = await page.locator('header.site').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(header).toBe('rgb(38, 50, 90)');

    const map = page.locator('svg.feature-map');
    await map.scrollIntoViewIfNeeded();
    expect(await map.isVisible()).toBe(true);
    const box = (await map.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(150);
    expect(await page.locator('svg.feature-map a.feature').count()).toBe(100);

    expect(await violations()).toEqual([]);

    // Briançon (05023), clicked where the map shows it.
    const point = await pointInShape(page, '05023');
    expect(point).not.toBeNull();
    await page.mouse.click(point![0], point![1]);
    await page.waitForURL(/\/items\/05023\?/);
    expect(new URL(page.url()).searchParams.get('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Communes: Briançon (05023)');
    expect(await page.locator('svg.feature-map a.feature').getAttribute('data-id')).toBe('05023');
    expect(await page.locator('svg.feature-map a.around').count()).toBeGreaterThan(3);

    expect(await violations()).toEqual([]); // on the feature's page, after the navigation
    expect(errors).toEqual([]);
    await page.close();
  });
});
